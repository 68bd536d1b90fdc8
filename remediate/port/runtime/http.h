/*
 * HTTP server for the generated service, on libmicrohttpd.
 *
 * A service is a table of routes plus a main() that calls svc_http_main().
 * Each route names an exact path, the methods it accepts and a handler:
 *
 *     static int handle_index(struct svc_request *req)
 *     {
 *         size_t name_len;
 *         const char *name = svc_http_arg(req, "name", "World", &name_len);
 *
 *         if (!validate_isalnum(name, name_len))
 *             return svc_http_respond_error(req, 400, "name must be alphanumeric");
 *         return svc_http_respond_textf(req, 200, "Hello, %s!", name);
 *     }
 *
 *     static const struct svc_http_route routes[] = {
 *         { "/", SVC_HTTP_GET, handle_index },
 *     };
 *
 *     int main(int argc, char **argv)
 *     {
 *         return svc_http_main(argc, argv, routes, sizeof(routes) / sizeof(routes[0]));
 *     }
 *
 * The server responds the way Flask 2.2 with Werkzeug 2.2 does where a
 * client can tell: HEAD and OPTIONS come with every GET route, 404 and 405
 * use Werkzeug's HTML error pages, 405 and OPTIONS carry an Allow header,
 * and JSON bodies are byte for byte what jsonify() prints.  On top of
 * that, every response it builds carries X-Content-Type-Options,
 * Content-Security-Policy and Cache-Control headers, GET /healthz returns
 * "ok", and each request is logged to stderr as one JSON line with the
 * method, the path without the query string, the status and the duration.
 * Query values are never logged.
 *
 * Handlers run on a pool of SVC_HTTP_THREADS threads, so they must be
 * thread-safe.  A handler must send exactly one response through one of
 * the svc_http_respond* functions and return what that function returned;
 * a negative return without a response becomes a 500 page.
 */
#ifndef SVC_HTTP_H
#define SVC_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define SVC_HTTP_THREADS 4

/* Methods a route accepts.  As in Flask, a GET route also accepts HEAD,
 * and every route responds to OPTIONS. */
enum {
	SVC_HTTP_GET = 1 << 0,
	SVC_HTTP_POST = 1 << 1,
	SVC_HTTP_PUT = 1 << 2,
	SVC_HTTP_DELETE = 1 << 3,
	SVC_HTTP_PATCH = 1 << 4,
};

struct svc_request;

typedef int (*svc_http_handler)(struct svc_request *req);

struct svc_http_route {
	const char *path;      /* exact, decoded path such as "/ping"; no patterns */
	unsigned methods;      /* SVC_HTTP_* flags */
	svc_http_handler handler;
};

struct svc_http_config {
	char bind_address[64];      /* IPv4 or IPv6 literal; BIND_ADDRESS, default 127.0.0.1 */
	uint16_t port;              /* PORT, default 5000 */
	unsigned connection_limit;  /* open connections in total, default 64 */
	unsigned per_ip_limit;      /* open connections per client address, default 16 */
	unsigned timeout_s;         /* idle connection timeout in seconds, default 10 */
	size_t memory_limit;        /* bytes per connection for request line and headers, default 16 KiB */
	size_t max_uri;             /* max request target length incl. query string, default 2048; longer gets 414 */
	size_t max_body;            /* largest request body, default 64 KiB; larger gets 413 */
};

/*
 * Fills `out` with the defaults above, then reads BIND_ADDRESS and PORT
 * from the environment.  Returns 0, or -1 with a message in `err` when a
 * variable is set but invalid.
 */
int svc_http_config_from_env(struct svc_http_config *out, char *err, size_t err_size);

/*
 * Serves `routes` until SIGTERM or SIGINT arrives, then stops accepting,
 * lets running handlers finish and returns 0.  Returns -1 with a message
 * on stderr when the server cannot start (for example, the port is in
 * use).  Call it from the main thread before creating other threads,
 * because it blocks SIGTERM and SIGINT for the whole process.
 */
int svc_http_run(const struct svc_http_config *config, const struct svc_http_route *routes, size_t n_routes);

/*
 * Connects to the configured address and port, sends GET /healthz and
 * returns 0 when the response is 200 with body "ok", else 1 (with the reason
 * on stderr).  An unspecified bind address (0.0.0.0, ::) is checked on
 * loopback.  Gives up after 3 seconds.
 */
int svc_http_healthcheck(const struct svc_http_config *config);

/*
 * Entry point for a generated main(): `--healthcheck` runs the health
 * check, no arguments serve the routes.  Returns the process exit code:
 * 0 on clean shutdown or a healthy service, 1 on failure, 2 on a usage or
 * configuration error.
 */
int svc_http_main(int argc, char **argv, const struct svc_http_route *routes, size_t n_routes);

/* --- requests --------------------------------------------------------------- */

/*
 * Returns the first percent-decoded value of query parameter `key`, as
 * Flask's request.args.get(key, fallback) does ("+" decodes to a space,
 * and "?key" without "=" gives "").  Returns `fallback` when the key is
 * absent.  The length goes to `*len` when `len` is not NULL; use it,
 * because a value may contain "%00".  The string lives until the response
 * is sent.
 */
const char *svc_http_arg(struct svc_request *req, const char *key, const char *fallback, size_t *len);

/* Returns the request method ("GET", "HEAD", ...). */
const char *svc_http_method(const struct svc_request *req);

/* Returns the decoded path without the query string. */
const char *svc_http_path(const struct svc_request *req);

/* --- responses -------------------------------------------------------------- */

/*
 * Sends `len` bytes of `body` with `status` and `content_type`.  The body
 * is copied.  Returns 0, or -1 when a response was already sent or could
 * not be queued.
 */
int svc_http_respond(struct svc_request *req, unsigned status, const char *content_type,
	const char *body, size_t len);

/* Sends a printf-formatted body as "text/html; charset=utf-8", the type
 * Flask gives to a view that returns a str or bytes. */
int svc_http_respond_textf(struct svc_request *req, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Sends `json` as Flask 2.2's jsonify() prints it: no spaces, object keys
 * sorted, non-ASCII and DEL escaped as \uXXXX, a final newline, type
 * "application/json".  Takes ownership of `json` and frees it.
 * NOTE: numbers come out as cJSON prints them, which differs from Python
 * for floats (cJSON prints 1.0 as "1"); pass floats as strings.
 */
int svc_http_respond_json(struct svc_request *req, unsigned status, cJSON *json);

/* Sends {"error": message} through svc_http_respond_json(). */
int svc_http_respond_error(struct svc_request *req, unsigned status, const char *message);

/* Sends Werkzeug's HTML error page for `status` (400, 404, 405, 413, 414,
 * 500, 503; any other status gets the 500 text with its own code). */
int svc_http_respond_page(struct svc_request *req, unsigned status);

/* --- secrets ---------------------------------------------------------------- */

/*
 * Reads the secret `name`: the file named by the environment variable
 * NAME_FILE when it is set (a Docker secret, one trailing newline
 * removed), else the variable NAME itself.  Returns a newly allocated
 * string the caller frees, or NULL with a message on stderr that names the
 * variable or file but never the value.  Read secrets once at start-up.
 */
char *svc_secret_read(const char *name);

#endif
