/* Compose loader: model, byte ranges, anchors and merges, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "compose/compose.h"
#include "error.h"

#define FIXTURES "tests/fixtures/compose/"

static source *text_source(const char *text)
{
	return source_from_bytes("docker-compose.yml", text, strlen(text));
}

static compose_file *load_ok(const source *src)
{
	compose_file *file = NULL;

	assert_int_equal(compose_load(&file, src), RM_OK);
	assert_non_null(file);
	return file;
}

/* Loads text that must be rejected and returns the error message. */
static const char *load_invalid(const char *text)
{
	source *src = text_source(text);
	compose_file *file = (compose_file *)1;

	rm_error_clear();
	assert_int_equal(compose_load(&file, src), RM_EINVALID);
	assert_null(file);
	source_free(src);
	return rm_error_last();
}

/* Byte offset of the n-th (0-based) occurrence of needle in src. */
static size_t offset_of(const source *src, const char *needle, int n)
{
	const char *at = src->text;

	for (;;) {
		at = strstr(at, needle);
		assert_non_null(at);
		if (n-- == 0)
			return (size_t)(at - src->text);
		at++;
	}
}

static void load_sample_services(void **state)
{
	source *src = NULL;
	compose_file *file;
	const compose_service *web, *db;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "sample.yml", 1 << 20), RM_OK);
	file = load_ok(src);
	assert_int_equal(file->service_count, 2);
	web = &file->services[0];
	db = &file->services[1];
	assert_string_equal(web->name, "web");
	assert_string_equal(db->name, "db");
	assert_int_equal(web->key->line, 4);
	assert_int_equal(web->key->col, 2);

	assert_non_null(web->build);
	assert_null(web->image);
	assert_int_equal(web->port_count, 1);
	assert_null(web->ports[0].host_ip);
	assert_string_equal(web->ports[0].published, "15000");
	assert_string_equal(web->ports[0].target, "5000");
	assert_int_equal(web->depends_on->item_count, 1);
	assert_int_equal(web->networks->item_count, 2);

	assert_string_equal(db->image->text, "postgres:13");
	assert_int_equal(db->env_count, 3);
	assert_string_equal(db->env[1].name, "POSTGRES_PASSWORD");
	assert_string_equal(db->env[1].value, "password123");
	assert_int_equal(db->env[1].value_start, offset_of(src, "password123", 0));

	assert_non_null(file->networks);
	assert_int_equal(file->networks->pair_count, 2);
	assert_null(file->volumes);
	compose_free(file);
	source_free(src);
}

static void load_value_ranges(void **state)
{
	source *src = NULL;
	compose_file *file;
	size_t start, end;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "sample.yml", 1 << 20), RM_OK);
	file = load_ok(src);

	assert_int_equal(compose_value_range(file, "db", "image", &start, &end), RM_OK);
	assert_int_equal(start, offset_of(src, "postgres:13", 0));
	assert_int_equal(end, start + strlen("postgres:13"));

	/* A quoted scalar's range includes its quotes. */
	assert_int_equal(compose_value_range(file, "web", "ports", &start, &end), RM_OK);
	assert_int_equal(start, offset_of(src, "- \"15000:5000\"", 0));
	assert_int_equal(end, offset_of(src, "\"15000:5000\"", 0) + 12);

	/* A service's mapping runs from its first key to the end of its last
	 * value, not over the blank line after it. */
	assert_int_equal(compose_service_range(file, "web", &start, &end), RM_OK);
	assert_int_equal(start, offset_of(src, "build: .", 0));
	assert_int_equal(end, offset_of(src, "- backend", 0) + strlen("- backend"));

	assert_int_equal(compose_value_range(file, "web", "image", &start, &end),
			 RM_ENOTFOUND);
	assert_int_equal(compose_service_range(file, "cache", &start, &end),
			 RM_ENOTFOUND);
	compose_free(file);
	source_free(src);
}

static void load_insert_offset(void **state)
{
	source *src = NULL;
	compose_file *file;
	const compose_service *web;
	size_t offset;
	bool newline_first;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "sample.yml", 1 << 20), RM_OK);
	file = load_ok(src);
	web = compose_find_service(file, "web");
	assert_non_null(web);
	assert_int_equal(compose_service_indent(file, web), 4);
	assert_int_equal(compose_insert_offset(file, web->body, &offset,
					       &newline_first), RM_OK);
	/* Right after "      - backend\n", before the blank line. */
	assert_int_equal(offset, offset_of(src, "      - backend\n", 0) +
				 strlen("      - backend\n"));
	assert_false(newline_first);
	compose_free(file);
	source_free(src);
}

static void load_insert_edge_cases(void **state)
{
	source *src = text_source("services:\n"
				  "  a: {image: x}\n"
				  "  c:\n"
				  "    image: z  # pinned later\n"
				  "  b:\n"
				  "    image: y\n"
				  "    user: app");
	compose_file *file = load_ok(src);
	const compose_service *a = compose_find_service(file, "a");
	const compose_service *b = compose_find_service(file, "b");
	const compose_service *c = compose_find_service(file, "c");
	size_t offset;
	bool newline_first;

	(void)state;
	/* A flow mapping: insert before its closing brace. */
	assert_int_equal(compose_insert_offset(file, a->body, &offset,
					       &newline_first), RM_OK);
	assert_int_equal(src->text[offset], '}');
	assert_int_equal(compose_key_indent(a->body), -1);
	assert_int_equal(compose_service_indent(file, a), 4);

	/* The comment after the last value stays on its line. */
	assert_int_equal(compose_insert_offset(file, c->body, &offset,
					       &newline_first), RM_OK);
	assert_int_equal(offset, offset_of(src, "  b:", 0));
	assert_false(newline_first);

	/* No newline at the end of the file. */
	assert_int_equal(compose_insert_offset(file, b->body, &offset,
					       &newline_first), RM_OK);
	assert_int_equal(offset, src->len);
	assert_true(newline_first);

	assert_int_equal(compose_insert_offset(file, b->user, &offset,
					       &newline_first), RM_EINVALID);
	compose_free(file);
	source_free(src);
}

static void load_anchors_and_merges(void **state)
{
	source *src = NULL;
	compose_file *file;
	const compose_service *api, *worker;
	const compose_pair *pair;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "anchors.yml", 1 << 20), RM_OK);
	file = load_ok(src);
	api = compose_find_service(file, "api");
	worker = compose_find_service(file, "worker");
	assert_non_null(api);
	assert_non_null(worker);

	/* In `<<: [*limits, *hardening]` the earlier mapping wins. */
	pair = compose_get_pair(api->body, "mem_limit");
	assert_non_null(pair);
	assert_true(pair->merged);
	assert_string_equal(pair->value->text, "256m");
	assert_int_equal(pair->value->start, offset_of(src, "256m", 0));
	assert_int_equal(compose_bool(api->read_only), 1);
	assert_int_equal(api->read_only->start, offset_of(src, "true", 0));
	assert_int_equal(api->cap_drop->item_count, 1);
	assert_string_equal(api->pids_limit->text, "100");
	assert_null(compose_get(api->body, "<<"));

	/* An own key overrides the merged one. */
	pair = compose_get_pair(worker->body, "mem_limit");
	assert_false(pair->merged);
	assert_string_equal(pair->value->text, "1g");
	assert_string_equal(worker->cpus->text, "0.5");
	assert_null(worker->read_only);

	/* An aliased scalar: its own range is the alias, its origin the anchor. */
	assert_string_equal(worker->image->text, "registry.example/api:1.2");
	assert_int_equal(worker->image->start, offset_of(src, "*api_image", 0));
	assert_ptr_equal(worker->image->origin, api->image);
	assert_int_equal(api->image->start,
			 offset_of(src, "registry.example/api:1.2", 0));
	assert_null(api->image->origin);
	compose_free(file);
	source_free(src);
}

static void load_ports_long_and_short(void **state)
{
	source *src = text_source("services:\n"
				  "  s:\n"
				  "    image: x\n"
				  "    ports:\n"
				  "      - target: 80\n"
				  "        published: \"8080\"\n"
				  "        host_ip: 127.0.0.1\n"
				  "        protocol: tcp\n"
				  "      - \"[::1]:9000:9000/udp\"\n"
				  "      - 127.0.0.1::53\n"
				  "      - 3000\n"
				  "      - 8000-8010:8000-8010\n");
	compose_file *file = load_ok(src);
	const compose_service *s = &file->services[0];

	(void)state;
	assert_int_equal(s->port_count, 5);
	assert_string_equal(s->ports[0].host_ip, "127.0.0.1");
	assert_string_equal(s->ports[0].published, "8080");
	assert_string_equal(s->ports[0].target, "80");
	assert_string_equal(s->ports[0].protocol, "tcp");
	assert_int_equal(s->ports[0].host_ip_node->start,
			 offset_of(src, "127.0.0.1", 0));

	assert_string_equal(s->ports[1].host_ip, "::1");
	assert_string_equal(s->ports[1].published, "9000");
	assert_string_equal(s->ports[1].target, "9000");
	assert_string_equal(s->ports[1].protocol, "udp");

	assert_string_equal(s->ports[2].host_ip, "127.0.0.1");
	assert_null(s->ports[2].published);
	assert_string_equal(s->ports[2].target, "53");

	assert_null(s->ports[3].host_ip);
	assert_null(s->ports[3].published);
	assert_string_equal(s->ports[3].target, "3000");

	assert_null(s->ports[4].host_ip);
	assert_string_equal(s->ports[4].published, "8000-8010");
	assert_string_equal(s->ports[4].target, "8000-8010");
	compose_free(file);
	source_free(src);
}

static void load_environment_forms(void **state)
{
	source *src = NULL;
	compose_file *file;
	const compose_service *worker;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "anchors.yml", 1 << 20), RM_OK);
	file = load_ok(src);
	worker = compose_find_service(file, "worker");
	assert_int_equal(worker->env_count, 4);

	assert_string_equal(worker->env[1].name, "API_TOKEN");
	assert_string_equal(worker->env[1].value, "abc123");
	assert_int_equal(worker->env[1].value_start, offset_of(src, "abc123", 0));
	assert_int_equal(worker->env[1].value_end,
			 offset_of(src, "abc123", 0) + strlen("abc123"));

	/* A quoted item maps to the bytes inside the quotes. */
	assert_string_equal(worker->env[2].name, "DB_PASSWORD");
	assert_string_equal(worker->env[2].value, "${DB_PASSWORD}");
	assert_int_equal(worker->env[2].value_start,
			 offset_of(src, "${DB_PASSWORD}", 0));

	/* A bare name takes its value from the shell. */
	assert_string_equal(worker->env[3].name, "SECRET_KEY");
	assert_null(worker->env[3].value);
	compose_free(file);
	source_free(src);
}

static void load_multibyte_offsets(void **state)
{
	/* libyaml counts characters; ranges must still be bytes. */
	source *src = text_source("\xEF\xBB\xBF# caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\xB3\n"
				  "services:\n"
				  "  w\xC3\xA9""b:\n"
				  "    image: \"\xC3\xBC""ber:1\"\n"
				  "    user: app\n");
	compose_file *file = load_ok(src);
	const compose_service *s = &file->services[0];

	(void)state;
	assert_string_equal(s->name, "w\xC3\xA9""b");
	assert_int_equal(s->image->start, offset_of(src, "\"\xC3\xBC""ber", 0));
	assert_int_equal(s->image->end, offset_of(src, "\n    user", 0));
	assert_int_equal(s->user->start, offset_of(src, "app", 0));
	assert_int_equal(s->user->line, 5);
	assert_int_equal(s->user->col, 10);
	compose_free(file);
	source_free(src);
}

static void load_syntax_error(void **state)
{
	const char *message;

	(void)state;
	message = load_invalid("services:\n"
			       "  web:\n"
			       "    image: [unclosed\n"
			       "    user: app\n");
	assert_non_null(strstr(message, "invalid compose file 'docker-compose.yml' at line "));

	message = load_invalid("services:\n"
			       "  web:\n"
			       "    image: x\n"
			       "   user: app\n");
	assert_non_null(strstr(message, "at line 4:"));
}

static void load_not_a_mapping(void **state)
{
	const char *message;

	(void)state;
	message = load_invalid("- a\n- b\n");
	assert_non_null(strstr(message, "at line 1:1: the top level is not a mapping"));
	message = load_invalid("just text\n");
	assert_non_null(strstr(message, "the top level is not a mapping"));
	message = load_invalid("");
	assert_non_null(strstr(message, "the file is empty"));
	message = load_invalid("# only a comment\n");
	assert_non_null(strstr(message, "the file is empty"));
	message = load_invalid("services:\n  web: nginx\n");
	assert_non_null(strstr(message, "at line 2:8: service 'web' must be a mapping"));
	message = load_invalid("services:\n  web:\n    ports: 80\n");
	assert_non_null(strstr(message, "at line 3:12: 'ports' of service 'web' must be a list"));
	message = load_invalid("a: 1\n---\nb: 2\n");
	assert_non_null(strstr(message, "a second YAML document"));
}

static void load_duplicate_keys(void **state)
{
	const char *message;

	(void)state;
	message = load_invalid("services:\n"
			       "  web:\n"
			       "    image: a\n"
			       "    image: b\n");
	assert_non_null(strstr(message, "at line 4:5: duplicate key 'image' (first defined at line 3)"));

	/* Quoting does not make a different key. */
	message = load_invalid("services: {}\n\"services\": {}\n");
	assert_non_null(strstr(message, "duplicate key 'services'"));
}

static void load_bad_aliases(void **state)
{
	const char *message;

	(void)state;
	message = load_invalid("services:\n  web: *nope\n");
	assert_non_null(strstr(message, "at line 2:8: alias '*nope' names no anchor"));
	message = load_invalid("a: &a [1, *a]\n");
	assert_non_null(strstr(message, "alias '*a' names no anchor"));
	message = load_invalid("x: &x 1\nservices:\n  web:\n    <<: *x\n");
	assert_non_null(strstr(message, "'<<' merge key must be a mapping"));
}

static void load_alias_bomb(void **state)
{
	/* Nine levels of nine aliases: 9^9 (387 million) nodes when expanded. */
	char text[4096];
	size_t used = 0;
	clock_t begin = clock();
	const char *message;

	(void)state;
	used += (size_t)snprintf(text + used, sizeof(text) - used,
				 "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char c = 'b'; c <= 'i'; c++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
					 c, c, c - 1, c - 1, c - 1, c - 1, c - 1,
					 c - 1, c - 1, c - 1, c - 1);
	message = load_invalid(text);
	assert_non_null(strstr(message, "possible alias bomb"));
	assert_true(clock() - begin < CLOCKS_PER_SEC);

	/* The same through merge keys. */
	message = load_invalid("a: &a {k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7}\n"
			       "b: &b {<<: [*a, *a, *a, *a, *a, *a, *a, *a], k: [*a, *a, *a, *a, *a, *a, *a, *a]}\n"
			       "c: &c {k: [*b, *b, *b, *b, *b, *b, *b, *b]}\n"
			       "d: &d {k: [*c, *c, *c, *c, *c, *c, *c, *c]}\n"
			       "e: &e {k: [*d, *d, *d, *d, *d, *d, *d, *d]}\n"
			       "f: &f {k: [*e, *e, *e, *e, *e, *e, *e, *e]}\n"
			       "g: &g {k: [*f, *f, *f, *f, *f, *f, *f, *f]}\n");
	assert_non_null(strstr(message, "possible alias bomb"));
}

static void load_deep_nesting(void **state)
{
	/* 200000 nested flow sequences: rejected early, because libyaml's
	 * scanner slows down with every flow level. */
	size_t depth = 200000;
	char *text = malloc(depth * 2 + 2);
	const char *message;

	(void)state;
	memset(text, '[', depth);
	memset(text + depth, ']', depth);
	text[depth * 2] = '\n';
	text[depth * 2 + 1] = '\0';
	message = load_invalid(text);
	assert_non_null(strstr(message, "at line 1:257: collections nested more than 256 levels deep"));
	free(text);
}

static void load_deep_block_nesting(void **state)
{
	/* 300 nested block mappings, each one space deeper. */
	char *text = malloc(300 * 310);
	size_t used = 0;
	const char *message;

	(void)state;
	for (int level = 0; level < 300; level++)
		used += (size_t)sprintf(text + used, "%*sk%d:\n", level, "", level);
	message = load_invalid(text);
	assert_non_null(strstr(message, "collections nested more than 256 levels deep"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_sample_services),
		cmocka_unit_test(load_value_ranges),
		cmocka_unit_test(load_insert_offset),
		cmocka_unit_test(load_insert_edge_cases),
		cmocka_unit_test(load_anchors_and_merges),
		cmocka_unit_test(load_ports_long_and_short),
		cmocka_unit_test(load_environment_forms),
		cmocka_unit_test(load_multibyte_offsets),
		cmocka_unit_test(load_syntax_error),
		cmocka_unit_test(load_not_a_mapping),
		cmocka_unit_test(load_duplicate_keys),
		cmocka_unit_test(load_bad_aliases),
		cmocka_unit_test(load_alias_bomb),
		cmocka_unit_test(load_deep_nesting),
		cmocka_unit_test(load_deep_block_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
