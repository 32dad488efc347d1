# syntax=docker/dockerfile:1
# The azscan container image: `docker build -t azscan .` (docs/container.md).
# Two stages: compile a static (musl) binary, then copy only that binary onto a base
# that holds nothing but CA certificates, /etc/passwd and time zone data.

# rust:*-alpine already has gcc and musl-dev, which is all the static build needs
# (the C in aws-lc-sys included). Keep the toolchain at or above Cargo.toml's rust-version.
FROM rust:1.95-alpine AS build
WORKDIR /src
# Only what the build reads: the manifest, the lockfile and the sources
# (.dockerignore keeps everything else, target/ included, out of the context).
COPY Cargo.toml Cargo.lock ./
COPY benches benches
COPY rules rules
COPY src src
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin azscan \
    && cp target/release/azscan /usr/local/bin/azscan

# distroless "static": CA certificates (azscan verifies TLS against the system store) and
# a non-root user (nonroot, uid 65532); no shell, no package manager, no Azure CLI.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /usr/local/bin/azscan /usr/local/bin/azscan
USER nonroot:nonroot
# Mount the directory holding azscan.toml, baselines and reports here.
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/azscan"]
CMD ["--help"]
