"""Settings read from the environment (names as in `.envrc.example`)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET_KEY = "changethis"
MIN_SECRET_KEY_LENGTH = 32
REPO_ROOT = Path(__file__).resolve().parent.parent
MLRUNS_DIR = REPO_ROOT / "mlruns"
DEFAULT_MLFLOW_URI = f"sqlite:///{MLRUNS_DIR / 'mlflow.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str | None = None
    # Where the pipeline's raw copies and dbt models live; the app database when unset.
    warehouse_url: str | None = None
    redis_url: str | None = None
    secret_key: str = PLACEHOLDER_SECRET_KEY
    # Unset: recommendations are served inside the API process. Set (e.g. http://127.0.0.1:8001,
    # started by `pulse serve ml`): the API asks that service and falls back to popularity if it fails.
    ml_service_url: str | None = None
    # Dagster's runs, schedules and sensor state: SQLite under PULSE_HOME unless this names a
    # PostgreSQL database (postgresql://...), shared by the webserver, the daemon and the API.
    dagster_postgres_url: str | None = None
    # Unset: a SQLite store in mlruns/ (artifacts beside it). Else a tracking server's URI.
    mlflow_tracking_uri: str | None = None
    # How often serving checks whether the champion alias moved (also on POST /models/reload).
    model_refresh_seconds: float = Field(default=60.0, gt=0)
    # How long a starting API waits for the champions before it answers; the rest load in the
    # background while the popularity fallback answers (/health says "loading" meanwhile).
    model_start_wait_seconds: float = Field(default=2.0, ge=0)
    # Connections each API process keeps open: about as many as the requests it runs at once, so a
    # busy moment does not open and close a connection per request (as many again may open briefly).
    database_pool_size: int = Field(default=16, ge=1, le=200)
    # A new model takes the champion alias only if its NDCG@10 beats the champion's on the same
    # holdout by this relative margin.
    promotion_margin: float = Field(default=0.01, ge=0)
    # How a pipeline run executes its steps: all in the run's process (one small machine), a
    # process per step (a bigger one), or a Kubernetes Job per step (dagster-k8s; docs/pipeline.md).
    dagster_executor: Literal["in_process", "multiprocess", "k8s"] = "in_process"
    recommendation_cache_seconds: int = Field(default=3600, gt=0)
    # JSON lines on stderr at this level (DEBUG, INFO, WARNING, ERROR).
    log_level: str = Field(default="INFO", pattern="(?i)^(debug|info|warning|error|critical)$")
    # The path prefix a reverse proxy serves the API under (/api behind docker-compose's nginx);
    # empty: the API is at the root, as `make demo` serves it.
    root_path: str = Field(default="", pattern=r"^(/[A-Za-z0-9._~-]+)*$")
    debug: bool = False

    pulse_home: Path = Field(default=REPO_ROOT / ".pulse")
    access_token_expire_minutes: int = Field(default=60 * 24 * 7, gt=0)
    login_rate_limit_per_account: str = "5/minute"
    login_rate_limit_per_ip: str = "20/minute"
    # Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated, "*" for
    # any). None by default: a client cannot pick the address its login attempts are counted under.
    trusted_proxies: str = ""
    # Where people open the app: links in mail (email verification) point here.
    public_url: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://[^\s/]+(/[^\s]*)?$")
    # Unset: mail is written to the log (pulse.mail) instead of sent.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    mail_from: str = "Pulse Fitness <no-reply@pulse.invalid>"
    # Web Push for the app's notifications: a VAPID key pair (`pulse push keys` makes one) and a
    # contact for push services. Unset: no pushes (the inbox still works).
    vapid_private_key: str | None = None
    vapid_public_key: str | None = None
    vapid_subject: str = "mailto:admin@pulse.invalid"
    # A second opinion on texts the moderation model held (official Anthropic SDK). Unset: held
    # texts wait for a moderator. The base URL is for a gateway or proxy (the SDK's default else).
    anthropic_api_key: str | None = None
    anthropic_model: str = "claude-haiku-4-5"
    anthropic_base_url: str | None = None
    anthropic_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Product analytics (PostHog, official client): events queued and sent in batches. Unset: off.
    posthog_api_key: str | None = None
    posthog_host: str = "https://us.i.posthog.com"
    posthog_flush_at: int = Field(default=50, ge=1, le=1000)
    max_request_bytes: int = Field(default=1024 * 1024, gt=0)
    # Uploads of other apps' exports (POST /imports) may be larger than other requests.
    max_import_bytes: int = Field(default=20 * 1024 * 1024, gt=0)

    def check_secret_key(self) -> None:
        """Refuse a guessable signing key (anyone could forge tokens) outside development."""
        if self.secret_key == PLACEHOLDER_SECRET_KEY and not self.debug:
            raise RuntimeError(
                "SECRET_KEY is the placeholder 'changethis': set a real SECRET_KEY "
                "(for example `python -c 'import secrets; print(secrets.token_urlsafe(32))'`) "
                "or DEBUG=true on a development machine"
            )
        if not self.debug and len(self.secret_key) < MIN_SECRET_KEY_LENGTH:
            # HS256 wants a key at least as long as its 32-byte hash (RFC 7518, section 3.2).
            raise RuntimeError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters long")

    @property
    def mlflow_uri(self) -> str:
        return self.mlflow_tracking_uri or DEFAULT_MLFLOW_URI

    @property
    def pulse_home_dir(self) -> Path:
        home = self.pulse_home if self.pulse_home.is_absolute() else REPO_ROOT / self.pulse_home
        return home.resolve()


@lru_cache
def get_settings() -> Settings:
    return Settings()
