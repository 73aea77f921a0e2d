"""OpenID Connect for staff sign-in, through Authlib (ADR 0012).

Discovery (`{issuer}/.well-known/openid-configuration`, kept for the life of the process; the
provider's keys too, fetched again when a token names a key we have not seen), the authorization
URL (code flow, PKCE with S256, state and nonce), the code exchange, and the ID token's checks:
its signature by the provider's JWKS, `iss` (the configured issuer), `aud` (our client id),
`exp`, `iat` and the nonce. Claims the ID token lacks are read from the userinfo endpoint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import httpx2
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from joserfc.errors import JoseError

from rejoinder.config import Settings
from rejoinder.domain.errors import BadRequest, RejoinderError
from rejoinder.platform.oidc_flow import START_AGAIN, SignInFlow

DISCOVERY_PATH = "/.well-known/openid-configuration"
TIMEOUT_SECONDS = 10.0
# Claims read from userinfo when the ID token lacks them (besides the roles claim).
PROFILE_CLAIMS = ("email", "email_verified", "name")


class ProviderUnavailable(RejoinderError):
    """The provider could not be reached, or did not answer as an OIDC provider does."""

    status = 502
    code = "provider_unavailable"


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str | None
    scopes: str
    roles_claim: str
    provider_name: str

    @classmethod
    def of(cls, settings: Settings) -> OidcConfig | None:
        """None when the install has no provider (OIDC is off)."""
        if settings.oidc_issuer is None or settings.oidc_client_id is None:
            return None
        secret = settings.oidc_client_secret
        return cls(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_client_id,
            client_secret=secret.get_secret_value() if secret else None,
            scopes=settings.oidc_scopes,
            roles_claim=settings.oidc_roles_claim,
            provider_name=settings.oidc_provider_name,
        )


def _registered_app(config: OidcConfig) -> Any:
    """Authlib's client; without a secret, a public client (PKCE is then its only proof)."""
    auth_method = "client_secret_basic" if config.client_secret else "none"
    return OAuth().register(
        "staff",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.issuer.rstrip("/") + DISCOVERY_PATH,
        client_kwargs={
            "scope": config.scopes,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": auth_method,
            "timeout": TIMEOUT_SECONDS,
        },
    )


class OidcClient:
    def __init__(self, config: OidcConfig) -> None:
        self.config = config
        self._app = _registered_app(config)

    async def authorization_url(self, redirect_uri: str, flow: SignInFlow) -> str:
        async with self._talking():
            await self._metadata()
            created = await self._app.create_authorization_url(
                redirect_uri,
                state=flow.state,
                nonce=flow.nonce,
                code_verifier=flow.code_verifier,
            )
        return cast(str, created["url"])

    async def verified_claims(
        self, redirect_uri: str, code: str, flow: SignInFlow
    ) -> dict[str, Any]:
        """The ID token's claims once every check passed, completed from userinfo."""
        async with self._talking():
            await self._metadata()
            token = await self._app.fetch_access_token(
                redirect_uri=redirect_uri, code=code, code_verifier=flow.code_verifier
            )
            claims = await self._id_token_claims(token, flow.nonce)
            if self._lacks_claims(claims):
                claims = await self._with_userinfo(token, claims)
        return claims

    async def _metadata(self) -> dict[str, Any]:
        """The discovery document, which must name the configured issuer (OIDC Discovery 4.3)."""
        metadata = cast(dict[str, Any], await self._app.load_server_metadata())
        if metadata.get("issuer") != self.config.issuer:
            raise ProviderUnavailable(
                f"The provider's discovery document names the issuer "
                f"'{str(metadata.get('issuer'))[:200]}', not '{self.config.issuer}'."
            )
        return metadata

    async def _id_token_claims(self, token: dict[str, Any], nonce: str) -> dict[str, Any]:
        options = {
            "iss": {"essential": True, "value": self.config.issuer},
            "aud": {"essential": True, "values": [self.config.client_id]},
            "sub": {"essential": True},
        }
        claims = await self._app.parse_id_token(token, nonce=nonce, claims_options=options)
        if claims is None:
            raise BadRequest(f"{self.config.provider_name} sent no ID token. {START_AGAIN}")
        return dict(claims)

    def _lacks_claims(self, claims: dict[str, Any]) -> bool:
        return any(name not in claims for name in (*PROFILE_CLAIMS, self.config.roles_claim))

    async def _with_userinfo(self, token: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
        """What the ID token lacks, from userinfo, which must be about the same person."""
        if not (await self._metadata()).get("userinfo_endpoint"):
            return claims
        info = dict(await self._app.userinfo(token=token))
        if info.get("sub") != claims["sub"]:
            raise BadRequest("The provider's userinfo is about someone else. " + START_AGAIN)
        return {**info, **claims}

    @asynccontextmanager
    async def _talking(self) -> AsyncIterator[None]:
        """The provider's refusals and failures as errors a person can act on."""
        name = self.config.provider_name
        try:
            yield
        except OAuthError as error:  # the token endpoint refused the code
            raise BadRequest(
                f"{name} refused the sign-in ({error.error}): its code was used already or has "
                f"expired. {START_AGAIN}"
            ) from error
        except JoseError as error:  # the ID token's signature or claims
            raise BadRequest(
                f"The ID token from {name} is not valid ({error.description}). {START_AGAIN}"
            ) from error
        except (httpx2.HTTPError, ValueError, KeyError) as error:
            raise ProviderUnavailable(
                f"{name} could not be reached or gave an answer we cannot use "
                f"({type(error).__name__}). Please try again in a moment."
            ) from error


@lru_cache(maxsize=8)
def client_for(config: OidcConfig) -> OidcClient:
    """One client per provider in a process, so discovery and keys are fetched once."""
    return OidcClient(config)
