/*
 * The service model's lifetime and its JSON form, service.json (the
 * schema is documented in docs/porting.md).
 */
#include "port/port_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

const char *port_method_name(unsigned flag)
{
	switch (flag) {
	case PORT_METHOD_GET: return "GET";
	case PORT_METHOD_POST: return "POST";
	case PORT_METHOD_PUT: return "PUT";
	case PORT_METHOD_DELETE: return "DELETE";
	case PORT_METHOD_PATCH: return "PATCH";
	default: return "?";
	}
}

const char *port_source_name(port_source source)
{
	switch (source) {
	case PORT_SOURCE_ARGS: return "args";
	case PORT_SOURCE_FORM: return "form";
	case PORT_SOURCE_PATH: return "path";
	}
	return "?";
}

const char *port_test_name(port_test test)
{
	switch (test) {
	case PORT_TEST_ISALNUM: return "isalnum";
	case PORT_TEST_ISDIGIT: return "isdigit";
	case PORT_TEST_LENGTH: return "length";
	case PORT_TEST_IN: return "in";
	case PORT_TEST_IP: return "ip_address";
	}
	return "?";
}

static void response_free(port_response *resp)
{
	for (size_t i = 0; i < resp->piece_count; i++) {
		free(resp->pieces[i].text);
		free(resp->pieces[i].variable);
	}
	free(resp->pieces);
	cJSON_Delete(resp->json);
}

static void step_free(port_view_step *step)
{
	free(step->python);
	free(step->name);
	free(step->key);
	free(step->fallback);
	free(step->converter);
	free(step->variable);
	free(step->op);
	if (step->values) {
		for (char **v = step->values; *v; v++)
			free(*v);
		free(step->values);
	}
	free(step->call);
	free(step->form);
	response_free(&step->response);
}

void port_model_free(port_model *self)
{
	if (!self)
		return;
	for (size_t i = 0; i < self->view_count; i++) {
		port_view *view = &self->views[i];

		free(view->function);
		for (size_t j = 0; j < view->rule_count; j++)
			free(view->rules[j].path);
		free(view->rules);
		for (size_t j = 0; j < view->step_count; j++)
			step_free(&view->steps[j]);
		free(view->steps);
	}
	free(self->views);
	for (size_t i = 0; i < self->secret_count; i++)
		free(self->secrets[i].name);
	free(self->secrets);
	free(self->source);
	free(self->app);
	free(self->host_env);
	free(self->host);
	free(self);
}

/* --- JSON ------------------------------------------------------------------------- */

static cJSON *response_json(const port_response *resp)
{
	cJSON *out = cJSON_CreateObject();

	cJSON_AddNumberToObject(out, "status", resp->status);
	if (resp->kind == PORT_BODY_JSON) {
		cJSON_AddStringToObject(out, "type", "json");
		cJSON_AddItemToObject(out, "value", cJSON_Duplicate(resp->json, true));
		return out;
	}
	cJSON *pieces = cJSON_AddArrayToObject(out, "text");

	cJSON_AddStringToObject(out, "type", "text");
	for (size_t i = 0; i < resp->piece_count; i++) {
		const port_piece *piece = &resp->pieces[i];
		cJSON *item = cJSON_CreateObject();

		/* literal text is valid UTF-8 here: it comes from a str literal */
		if (piece->text)
			cJSON_AddStringToObject(item, "literal", piece->text);
		else
			cJSON_AddStringToObject(item, "variable", piece->variable);
		cJSON_AddItemToArray(pieces, item);
	}
	return out;
}

static cJSON *step_json(const port_view_step *step)
{
	static const char *const kinds[] = { "param", "check", "ping", "calc", "return" };
	cJSON *out = cJSON_CreateObject();

	cJSON_AddStringToObject(out, "kind", kinds[step->kind]);
	cJSON_AddNumberToObject(out, "line", step->line);
	cJSON_AddStringToObject(out, "python", step->python);
	switch (step->kind) {
	case PORT_STEP_PARAM:
		cJSON_AddStringToObject(out, "name", step->name);
		cJSON_AddStringToObject(out, "source", port_source_name(step->source));
		cJSON_AddStringToObject(out, "key", step->key);
		if (step->fallback)
			cJSON_AddStringToObject(out, "default", step->fallback);
		else
			cJSON_AddNullToObject(out, "default");
		if (step->converter)
			cJSON_AddStringToObject(out, "converter", step->converter);
		break;
	case PORT_STEP_CHECK:
		cJSON_AddStringToObject(out, "test", port_test_name(step->test));
		cJSON_AddStringToObject(out, "variable", step->variable);
		if (step->test == PORT_TEST_LENGTH) {
			cJSON_AddStringToObject(out, "op", step->op);
			cJSON_AddNumberToObject(out, "bound", (double)step->bound);
		}
		if (step->test == PORT_TEST_IN) {
			cJSON *values = cJSON_AddArrayToObject(out, "values");

			for (char **v = step->values; *v; v++)
				cJSON_AddItemToArray(values, cJSON_CreateString(*v));
		}
		cJSON_AddBoolToObject(out, "respond_when", step->respond_when);
		cJSON_AddItemToObject(out, "response", response_json(&step->response));
		break;
	case PORT_STEP_PING:
	case PORT_STEP_CALC:
		cJSON_AddStringToObject(out, "input", step->variable);
		cJSON_AddStringToObject(out, "result", step->name);
		cJSON_AddStringToObject(out, "call", step->call);
		if (step->form)
			cJSON_AddStringToObject(out, "form", step->form);
		break;
	case PORT_STEP_RETURN:
		cJSON_AddItemToObject(out, "response", response_json(&step->response));
		break;
	}
	return out;
}

/*
 * Returns cJSON_Print()'s text with two spaces per level and ": " after
 * keys, plus a final newline.  cJSON escapes tabs inside strings, so
 * every tab byte in its output is indentation or the separator.
 */
static char *two_space_indent(const char *printed)
{
	size_t tabs = 0, n = 0;
	char *out;

	for (const char *p = printed; *p; p++)
		tabs += *p == '\t';
	out = rm_xmalloc(strlen(printed) + tabs + 2);
	for (const char *p = printed; *p; p++) {
		if (*p != '\t') {
			out[n++] = *p;
		} else if (p > printed && p[-1] == ':') {
			out[n++] = ' ';
		} else {
			out[n++] = ' ';
			out[n++] = ' ';
		}
	}
	out[n++] = '\n';
	out[n] = '\0';
	return out;
}

char *port_model_to_json(const port_model *self)
{
	cJSON *root = cJSON_CreateObject(), *views, *secrets, *bind;
	char *printed, *text;

	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON_AddStringToObject(root, "source", self->source);
	cJSON_AddStringToObject(root, "framework", "flask");
	cJSON_AddStringToObject(root, "app", self->app);

	bind = cJSON_AddObjectToObject(root, "bind");
	if (self->host_env)
		cJSON_AddStringToObject(bind, "host_env", self->host_env);
	else
		cJSON_AddNullToObject(bind, "host_env");
	cJSON_AddStringToObject(bind, "host", self->host);
	cJSON_AddNumberToObject(bind, "port", (double)self->port);
	cJSON_AddNumberToObject(bind, "line", self->run_line);

	secrets = cJSON_AddArrayToObject(root, "secrets");
	for (size_t i = 0; i < self->secret_count; i++) {
		cJSON *item = cJSON_CreateObject();

		cJSON_AddStringToObject(item, "name", self->secrets[i].name);
		cJSON_AddNumberToObject(item, "line", self->secrets[i].line);
		cJSON_AddStringToObject(item, "origin",
					self->secrets[i].literal ? "literal" : "environment");
		cJSON_AddItemToArray(secrets, item);
	}

	views = cJSON_AddArrayToObject(root, "views");
	for (size_t i = 0; i < self->view_count; i++) {
		const port_view *view = &self->views[i];
		cJSON *item = cJSON_CreateObject(), *rules, *steps;

		cJSON_AddStringToObject(item, "function", view->function);
		cJSON_AddNumberToObject(item, "line", view->line);
		rules = cJSON_AddArrayToObject(item, "rules");
		for (size_t j = 0; j < view->rule_count; j++) {
			cJSON *rule = cJSON_CreateObject(), *methods;

			cJSON_AddStringToObject(rule, "path", view->rules[j].path);
			methods = cJSON_AddArrayToObject(rule, "methods");
			for (unsigned flag = PORT_METHOD_GET; flag <= PORT_METHOD_PATCH; flag <<= 1)
				if (view->rules[j].methods & flag)
					cJSON_AddItemToArray(methods,
							     cJSON_CreateString(port_method_name(flag)));
			cJSON_AddNumberToObject(rule, "line", view->rules[j].line);
			cJSON_AddItemToArray(rules, rule);
		}
		steps = cJSON_AddArrayToObject(item, "steps");
		for (size_t j = 0; j < view->step_count; j++)
			cJSON_AddItemToArray(steps, step_json(&view->steps[j]));
		cJSON_AddItemToArray(views, item);
	}

	printed = cJSON_Print(root);
	cJSON_Delete(root);
	if (!printed) {
		fputs("remediate: out of memory\n", stderr);
		abort();
	}
	text = two_space_indent(printed);
	cJSON_free(printed);
	return text;
}
