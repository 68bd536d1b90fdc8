/*
 * The sample Flask app (before/app.py) ported by hand the way the code
 * generator ports it: one handler per view, the same parameter names and
 * defaults, the validation first, then the safe replacement of each sink.
 * e2e.sh builds it with the hardening flags and compares it with Flask.
 *
 * Differences from the Flask app, all for requests Flask answers with an
 * error or a shell injection: /ping accepts only an IP literal (Flask
 * passed anything to the shell), and a failed ping or calculation returns
 * {"error": ...} with 400 or 500 where Flask returned its HTML 500 page.
 */
#include <string.h>

#include "calc.h"
#include "http.h"
#include "ping.h"
#include "validate.h"

/* @app.route("/") */
static int handle_index(struct svc_request *req)
{
	size_t name_len;
	const char *name = svc_http_arg(req, "name", "World", &name_len);

	if (!validate_isalnum(name, name_len))
		return svc_http_respond_error(req, 400, "name must be alphanumeric");
	return svc_http_respond_textf(req, 200, "Hello, %s!", name);
}

/* @app.route("/ping"): was subprocess.check_output(f"ping -c 1 {ip}", shell=True) */
static int handle_ping(struct svc_request *req)
{
	char report[PING_REPORT_SIZE];
	size_t ip_len;
	const char *ip = svc_http_arg(req, "ip", "127.0.0.1", &ip_len);
	int rc;

	if (!ping_is_address(ip, ip_len))
		return svc_http_respond_error(req, 400, "ip must be an IPv4 or IPv6 address");
	rc = ping_once(report, sizeof(report), ip, ip_len, PING_DEFAULT_TIMEOUT_MS);
	if (rc != PING_OK)
		return svc_http_respond_error(req, 500, report);
	return svc_http_respond_textf(req, 200, "%s", report);
}

/* @app.route("/calculate"): was str(eval(expr)) */
static int handle_calculate(struct svc_request *req)
{
	struct calc_value value;
	char err[CALC_ERROR_SIZE], text[CALC_FORMAT_SIZE];
	size_t expr_len;
	const char *expr = svc_http_arg(req, "expr", "1+1", &expr_len);

	if (calc_eval(&value, expr, expr_len, err, sizeof(err)) < 0)
		return svc_http_respond_error(req, 400, err);
	calc_format(text, sizeof(text), &value);
	return svc_http_respond_textf(req, 200, "%s", text);
}

static const struct svc_http_route routes[] = {
	{ "/", SVC_HTTP_GET, handle_index },
	{ "/ping", SVC_HTTP_GET, handle_ping },
	{ "/calculate", SVC_HTTP_GET, handle_calculate },
};

int main(int argc, char **argv)
{
	return svc_http_main(argc, argv, routes, sizeof(routes) / sizeof(routes[0]));
}
