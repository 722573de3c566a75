/* Test harness only (.ci/dist/prove.sh), never shipped: wine 8 has no
 * bcryptprimitives.dll, whose ProcessPrng Go 1.26's runtime calls on Windows 10+.
 * This stand-in, built with mingw into the test prefix, answers it with RtlGenRandom. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
