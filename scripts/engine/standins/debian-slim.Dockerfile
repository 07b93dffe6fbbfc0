# Stand-in for debian:trixie-slim: the root file system debian-slim.sh makes
# (see its header for how it differs from the real image), with the real
# image's configuration (PATH, CMD). Built once per architecture with
# `--platform linux/<arch>`, which sets the image's architecture; nothing runs.
FROM scratch
ADD rootfs.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["bash"]
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
