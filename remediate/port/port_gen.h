/*
 * Code generation for the port: the C service (main.c and its Makefile)
 * from the service model, and the container files around it (Dockerfile,
 * docker-compose.yml, nginx.conf).  Every function returns text the
 * caller writes into the hardened tree.
 */
#ifndef RM_PORT_GEN_H
#define RM_PORT_GEN_H

#include <stddef.h>

#include "port/port_model.h"

/* Runtime modules a generated service needs besides http and validate. */
enum {
	PORT_USES_CALC = 1 << 0,
	PORT_USES_PING = 1 << 1,
};

/* The folder of the generated service in the tree, and its binary. */
#define PORT_SERVICE_DIR "service"
#define PORT_BINARY "service"

/* Returns the PORT_USES_* flags of the model. */
unsigned port_gen_modules(const port_model *model);

/*
 * Writes the C source of the service (service/main.c) to *out.  Returns 0,
 * or RM_ENOTFOUND with "PATH:LINE: CONSTRUCT is not supported by the port:
 * ..." when the model holds something the C runtime cannot serve (a path
 * parameter, a form field).  The caller frees *out.
 */
int port_gen_main(char **out, const port_model *model);

/* Returns the service's Makefile (service/Makefile); the caller frees it. */
char *port_gen_makefile(unsigned modules);

/* Returns the multi-stage Dockerfile; the caller frees it. */
char *port_gen_dockerfile(const port_model *model);

/* Returns nginx.conf for the reverse proxy in front of the Compose
 * service `service` listening on `port`; the caller frees it. */
char *port_gen_nginx_conf(const char *service, long port);

/*
 * Writes the Compose file for the C service to *out: the nginx proxy as
 * the only published service, the C service on an internal network, and
 * every other service of `old_text` (the current docker-compose.yml) kept
 * byte for byte.  `service` names the Python service being replaced and
 * `port` is the port the C service listens on.
 * Returns 0, or RM_EINVALID when the old file cannot be read or has no
 * such service.  The caller frees *out.
 */
int port_gen_compose(char **out, const char *path, const char *old_text, size_t old_len,
		     const char *service, long port);

/* The port of the proxy inside its container, and its published address. */
#define PORT_PROXY_PORT 8080
#define PORT_PUBLISHED "127.0.0.1:15000"

#endif
