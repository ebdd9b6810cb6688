# The image the tests run with `ddbridge up`: the author's Dockerfile (../Dockerfile)
# with its build stages done on the host (tests/build-image-context.ts), FROM
# scratch because no registry is reachable on the test machines, with a static busybox
# for the shell alpine would give.
FROM scratch
LABEL org.opencontainers.image.title="React extension" \
    org.opencontainers.image.description="A sample Docker extension: React, MUI and Vite UI, Go backend, a host binary." \
    org.opencontainers.image.vendor="ddbridge" \
    com.docker.desktop.extension.api.version=">= 0.3.4" \
    com.docker.desktop.extension.icon="https://raw.githubusercontent.com/ddbridge/ddbridge/main/examples/react-extension/docker.svg" \
    com.docker.extension.screenshots="[]" \
    com.docker.extension.detailed-description="The sample extension of ddbridge, tested in Chromium with @ddbridge/playwright." \
    com.docker.extension.publisher-url="https://github.com/ddbridge/ddbridge" \
    com.docker.extension.additional-urls="" \
    com.docker.extension.categories="" \
    com.docker.extension.changelog="First release."

COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY service /bin/service
COPY docker-compose.yaml metadata.json docker.svg /
COPY host /host
COPY ui /ui
CMD ["/bin/service", "-socket", "/run/guest-services/backend.sock"]
