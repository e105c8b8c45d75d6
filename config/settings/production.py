"""Production: everything sensitive must come from the environment."""

from pathlib import Path

from whitenoise.compress import Compressor

from config.env import env_file_storage, env_production_email_backend

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool, env_int, env_str

SECRET_KEY = env_str("SECRET_KEY", required=True)
DEBUG = False

# E-mails carry names, addresses and working tracking links: a backend that
# writes them to a log or keeps them in memory is refused at start-up.
EMAIL_BACKEND = env_production_email_backend()
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", required=True)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where collectstatic puts the files WhiteNoise serves.
STATIC_ROOT = Path(env_str("STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STORAGES = {
    # Kits: on the local disk (MEDIA_ROOT), or in a private S3-compatible bucket.
    "default": env_file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pages name the hashed copies only ({% static %}); the originals are not kept.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps are fetched by developer tools alone: not worth compressing (the
# largest files by far, so this halves collectstatic's time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
