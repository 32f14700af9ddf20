import os

from django.core.wsgi import get_wsgi_application

from twofold.settings import load_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.django_settings")
load_settings().check_can_start()
application = get_wsgi_application()
