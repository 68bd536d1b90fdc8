/*
 * The service model: what the port reads out of a Flask app and what the
 * code generator turns into C.  It is saved as service.json in the
 * hardened tree (docs/porting.md documents the schema and the supported
 * subset of Flask).
 *
 * A view is an ordered list of steps, in the order the Python statements
 * run: read a parameter, check it (and return an error response when the
 * check fails), run a recognised sink (ping, arithmetic), return a
 * response.  Every step keeps the line of the Python statement it comes
 * from, so the generated C can name it.
 */
#ifndef RM_PORT_MODEL_H
#define RM_PORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Where a view parameter comes from. */
typedef enum port_source {
	PORT_SOURCE_ARGS,   /* request.args: the query string */
	PORT_SOURCE_FORM,   /* request.form: a form body */
	PORT_SOURCE_PATH,   /* a <converter:name> part of the URL rule */
} port_source;

/* One piece of a text response: literal bytes or a variable's value. */
typedef struct port_piece {
	char *text;          /* literal bytes, or NULL for a variable */
	size_t len;
	char *variable;      /* a parameter or a sink result, or NULL */
} port_piece;

typedef enum port_body_kind {
	PORT_BODY_TEXT,      /* str or bytes: text/html; charset=utf-8 */
	PORT_BODY_JSON,      /* jsonify() of a literal */
} port_body_kind;

typedef struct port_response {
	port_body_kind kind;
	int status;          /* 200 unless the view returns a (body, status) tuple */
	port_piece *pieces;  /* PORT_BODY_TEXT */
	size_t piece_count;
	cJSON *json;         /* PORT_BODY_JSON, owned */
} port_response;

typedef enum port_step_kind {
	PORT_STEP_PARAM,     /* name = request.args.get("key", "default") */
	PORT_STEP_CHECK,     /* if <test fails>: return <response> */
	PORT_STEP_PING,      /* a `ping -c 1 ADDRESS` command */
	PORT_STEP_CALC,      /* eval() or an arithmetic evaluator */
	PORT_STEP_RETURN,    /* return <response> */
} port_step_kind;

typedef enum port_test {
	PORT_TEST_ISALNUM,   /* str.isalnum() */
	PORT_TEST_ISDIGIT,   /* str.isdigit() */
	PORT_TEST_LENGTH,    /* len(x) OP N */
	PORT_TEST_IN,        /* x in ("a", "b") */
	PORT_TEST_IP,        /* ipaddress.ip_address(x) does not raise */
} port_test;

typedef struct port_view_step {
	port_step_kind kind;
	int line;                 /* 1-based line of the Python statement */
	char *python;             /* the statement's first line, trimmed */

	/* PORT_STEP_PARAM */
	char *name;               /* Python variable (also the sink result) */
	port_source source;
	char *key;                /* query key, form field or path part */
	char *fallback;           /* default value; NULL when required */
	char *converter;          /* path parameters: "string", "int", ... */

	/* PORT_STEP_CHECK: the response is sent when the test result
	 * equals `respond_when` (false for `if not x.isalnum():`). */
	port_test test;
	char *variable;           /* the checked parameter; also the sink input */
	bool respond_when;
	char *op;                 /* PORT_TEST_LENGTH: "<", "<=", ">", ">=", "==", "!=" */
	long bound;               /* PORT_TEST_LENGTH */
	char **values;            /* PORT_TEST_IN, NULL-terminated */

	/* PORT_STEP_PING and PORT_STEP_CALC: `variable` is the input, `name`
	 * the result; `call` the Python callable ("subprocess.check_output",
	 * "safe_arithmetic"), `form` how the command was given ("argv",
	 * "shell") for ping. */
	char *call;
	char *form;

	/* PORT_STEP_CHECK and PORT_STEP_RETURN */
	port_response response;
} port_view_step;

/* A view function and the URL rules that lead to it. */
typedef struct port_rule {
	char *path;               /* "/", "/item/<int:id>" */
	unsigned methods;         /* PORT_METHOD_* */
	int line;                 /* the decorator */
} port_rule;

enum {
	PORT_METHOD_GET = 1 << 0,
	PORT_METHOD_POST = 1 << 1,
	PORT_METHOD_PUT = 1 << 2,
	PORT_METHOD_DELETE = 1 << 3,
	PORT_METHOD_PATCH = 1 << 4,
};

typedef struct port_view {
	char *function;           /* the Python function name */
	int line;                 /* its `def` line */
	port_rule *rules;
	size_t rule_count;
	port_view_step *steps;
	size_t step_count;
} port_view;

/* A module-level secret: a name that looks like a password or key. */
typedef struct port_secret {
	char *name;               /* the Python name, also the variable to read */
	int line;
	bool literal;             /* the source had the value itself (never copied) */
} port_secret;

typedef struct port_model {
	char *source;             /* the app's path, relative to the tree */
	char *app;                /* the Flask object's name ("app") */
	char *host_env;           /* environment variable of the bind address, or NULL */
	char *host;               /* the bind address default or literal */
	long port;                /* app.run(port=...), 5000 by default */
	int run_line;             /* the app.run() line, 0 when absent */
	port_view *views;
	size_t view_count;
	port_secret *secrets;
	size_t secret_count;
} port_model;

/*
 * Reads the Flask app `text` (`len` bytes, named `path` in messages) into
 * *out.  Returns 0; RM_ENOTFOUND when the app uses a construct outside the
 * model, with "PATH:LINE: CONSTRUCT is not supported by the port: ..." in
 * the error slot; RM_EINVALID when the file is not valid Python 3.  The
 * caller frees *out with port_model_free.
 */
int port_model_read(port_model **out, const char *path, const char *text,
		    size_t len);

void port_model_free(port_model *self);

/* Returns service.json for the model: a newly allocated, indented JSON
 * text ending in a newline.  The caller frees it. */
char *port_model_to_json(const port_model *self);

/* Returns "GET", "POST", ... for one PORT_METHOD_* flag. */
const char *port_method_name(unsigned flag);

/* Returns "args", "form" or "path". */
const char *port_source_name(port_source source);

/* Returns "isalnum", "isdigit", "length", "in" or "ip_address". */
const char *port_test_name(port_test test);

#endif
