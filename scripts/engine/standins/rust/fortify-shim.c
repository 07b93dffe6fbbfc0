/*
 * Debian builds LLVM's libunwind against glibc with _FORTIFY_SOURCE, so its
 * diagnostics call glibc's checked printf variants, which musl lacks. rustup's
 * libunwind.a for musl targets is built without fortification; these two
 * forward to the plain functions so Debian's archive links with musl's libc.a.
 * Added to the self-contained libunwind.a by build-musl-std.sh.
 */
#include <stdarg.h>
#include <stdio.h>

int __vfprintf_chk(FILE *stream, int flag, const char *format, va_list ap) {
  (void)flag;
  return vfprintf(stream, format, ap);
}

int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, va_list ap) {
  (void)flag;
  (void)slen;
  return vsnprintf(s, maxlen, format, ap);
}
