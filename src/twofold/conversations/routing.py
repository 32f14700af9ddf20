from django.urls import path

from twofold.conversations.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/conversations/<int:conversation_id>/", RoomConsumer.as_asgi()),
]
