#!/bin/sh
# Prints the CA bundle update-ca-certificates would write from an unpacked
# ca-certificates package (DIR): every certificate under
# usr/share/ca-certificates, in sorted order, each ending in a newline. The
# same certificates as /etc/ssl/certs/ca-certificates.crt on Debian, without
# installing the package (its postinst runs openssl once per certificate).
#
#   ca-bundle.sh DIR
set -eu
find "$1/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | while read -r crt; do
  sed -e '$a\' "$crt"
done
