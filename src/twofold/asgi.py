import os
import warnings

from django.core.asgi import get_asgi_application

from twofold.coach.pipeline import WARM_UP_FLAG, warm_up_in_background
from twofold.settings import load_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.django_settings")
load_settings().check_can_start()
# WhiteNoise serves static files with a synchronous iterator; Django warns about it
# under ASGI on every file. The files are small and cached by the browser.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")
django_application = get_asgi_application()

# Imported after Django is set up: the room's consumer uses the models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from twofold.conversations.routing import websocket_urlpatterns  # noqa: E402

if os.environ.get(WARM_UP_FLAG) == "1":  # set by `twofold serve`: each worker process warms its own coach
    warm_up_in_background()

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
