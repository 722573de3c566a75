/* Linked into the Linux programs by make dist (build.sh, with -Wl,--wrap=exp,…).
 * glibc 2.29 gave exp, log and pow new symbol versions (without the old SVID error
 * handling); code compiled against bullseye's glibc 2.31 binds to those, which would make
 * the packages refuse glibc 2.28 (Debian 10, UOS 20) for these three functions alone.
 * Binding to the versions every glibc has keeps the minimum at 2.28 (fcntl64). The
 * results are the same: both versions compute with the same implementation.
 * Weak, because Go's linker repeats CGO_LDFLAGS once per cgo package. */
#if defined(__x86_64__)
#define GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define GLIBC_BASE "GLIBC_2.17"
#else
#error "glibc-compat.c: unknown architecture"
#endif

double exp_base(double);
double log_base(double);
double pow_base(double, double);
__asm__(".symver exp_base,exp@" GLIBC_BASE);
__asm__(".symver log_base,log@" GLIBC_BASE);
__asm__(".symver pow_base,pow@" GLIBC_BASE);

__attribute__((weak)) double __wrap_exp(double x) { return exp_base(x); }
__attribute__((weak)) double __wrap_log(double x) { return log_base(x); }
__attribute__((weak)) double __wrap_pow(double x, double y) { return pow_base(x, y); }
