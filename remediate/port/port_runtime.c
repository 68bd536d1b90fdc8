/*
 * Embeds the runtime files (remediate/port/runtime/) into the binary with
 * the assembler's .incbin, so no generated copy of them exists in the
 * source tree.  The paths are relative to the top of the repository,
 * where the Makefile runs the compiler.
 *
 * NOTE: the compiler's dependency files do not list .incbin inputs, so
 * the Makefile names the runtime files as prerequisites of this object;
 * without that rule an edited runtime file is not re-embedded.
 */
#include "port/port_runtime.h"

#include "port/port_gen.h"

/* Defines NAME, the bytes of FILE followed by a NUL, and NAME_size, the
 * number of bytes without the NUL (a 64-bit value). */
#define EMBED(name, file)                                     \
	"\t.globl " #name "\n"                                \
	"\t.hidden " #name "\n"                               \
	#name ":\n"                                           \
	"\t.incbin \"remediate/port/runtime/" file "\"\n"     \
	"1:\t.byte 0\n"                                      \
	"\t.balign 8\n"                                      \
	"\t.globl " #name "_size\n"                           \
	"\t.hidden " #name "_size\n"                          \
	#name "_size:\n"                                      \
	"\t.quad 1b - " #name "\n"

__asm__("\t.section .rodata\n"
	EMBED(port_embedded_http_c, "http.c")
	EMBED(port_embedded_http_h, "http.h")
	EMBED(port_embedded_validate_c, "validate.c")
	EMBED(port_embedded_validate_h, "validate.h")
	EMBED(port_embedded_validate_tables_h, "validate_tables.h")
	EMBED(port_embedded_calc_c, "calc.c")
	EMBED(port_embedded_calc_h, "calc.h")
	EMBED(port_embedded_ping_c, "ping.c")
	EMBED(port_embedded_ping_h, "ping.h")
	"\t.previous\n");

#define DECLARE(name) \
	extern const char name[]; \
	extern const unsigned long long name##_size

DECLARE(port_embedded_http_c);
DECLARE(port_embedded_http_h);
DECLARE(port_embedded_validate_c);
DECLARE(port_embedded_validate_h);
DECLARE(port_embedded_validate_tables_h);
DECLARE(port_embedded_calc_c);
DECLARE(port_embedded_calc_h);
DECLARE(port_embedded_ping_c);
DECLARE(port_embedded_ping_h);

void port_runtime_files(port_runtime_file out[PORT_RUNTIME_FILE_COUNT])
{
	static const struct {
		const char *file;
		const char *text;
		const unsigned long long *size;
		unsigned module;
	} embedded[] = {
		{ "http.c", port_embedded_http_c, &port_embedded_http_c_size, 0 },
		{ "http.h", port_embedded_http_h, &port_embedded_http_h_size, 0 },
		{ "validate.c", port_embedded_validate_c, &port_embedded_validate_c_size, 0 },
		{ "validate.h", port_embedded_validate_h, &port_embedded_validate_h_size, 0 },
		{ "validate_tables.h", port_embedded_validate_tables_h,
		  &port_embedded_validate_tables_h_size, 0 },
		{ "calc.c", port_embedded_calc_c, &port_embedded_calc_c_size, PORT_USES_CALC },
		{ "calc.h", port_embedded_calc_h, &port_embedded_calc_h_size, PORT_USES_CALC },
		{ "ping.c", port_embedded_ping_c, &port_embedded_ping_c_size, PORT_USES_PING },
		{ "ping.h", port_embedded_ping_h, &port_embedded_ping_h_size, PORT_USES_PING },
	};

	_Static_assert(sizeof(embedded) / sizeof(embedded[0]) == PORT_RUNTIME_FILE_COUNT,
		       "PORT_RUNTIME_FILE_COUNT is the number of embedded files");
	for (size_t i = 0; i < PORT_RUNTIME_FILE_COUNT; i++)
		out[i] = (port_runtime_file){
			embedded[i].file, embedded[i].text, (size_t)*embedded[i].size,
			embedded[i].module,
		};
}
