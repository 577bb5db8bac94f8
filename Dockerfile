# socialpolicy's HTTP service: a slim Debian image, running as a user without privileges.
#   docker build -t socialpolicy .            (or: podman build -t socialpolicy .)
#   docker run -p 8080:8080 socialpolicy
# With a decision log on a volume and tokens from the environment:
#   docker run -p 8080:8080 -v sp-data:/var/lib/socialpolicy -e SOCIALPOLICY_TOKENS=... \
#     socialpolicy --log /var/lib/socialpolicy/decisions.db
# Everything comes from Debian's packages and PyPI. The install steps are deploy/install.sh,
# which tests/server/test_deploy.py runs too.
ARG BASE=debian:bookworm-slim

FROM ${BASE} AS build
# durable-rules (the rule engine) is a C extension built from source.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv python3-dev gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md NOTICE ./
COPY src ./src
COPY policies ./policies
COPY schemas ./schemas
COPY deploy ./deploy
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN sh deploy/install.sh /src /opt/socialpolicy

FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /var/lib/socialpolicy socialpolicy
COPY --from=build /opt/socialpolicy /opt/socialpolicy
ENV PATH=/opt/socialpolicy/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER socialpolicy
WORKDIR /var/lib/socialpolicy
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["socialpolicy", "serve", "--host", "0.0.0.0", "--port", "8080"]
