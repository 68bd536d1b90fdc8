/*
 * The service model of the Compose loader: reads `services` and the keys
 * the rules and fixers need (ports, environment, volumes, limits, ...)
 * out of the node tree built by compose_yaml.c, and answers the byte
 * range questions a fixer asks.
 */
#include "compose.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_internal.h"
#include "error.h"

static int invalid_at(const compose_file *file, const compose_node *node,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int invalid_at(const compose_file *file, const compose_node *node,
		      const char *fmt, ...)
{
	char *reason = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	rm_error_set("invalid compose file '%s' at line %d:%d: %s",
		     file->src->path, node->line, node->col + 1,
		     reason ? reason : "unknown error");
	free(reason);
	return RM_EINVALID;
}

static char *dup_or_null(const char *text, size_t len)
{
	return len ? rm_xstrndup(text, len) : NULL;
}

/* Text of a scalar node, or NULL for a null or a collection. */
static char *scalar_copy(const compose_node *node)
{
	if (!node || node->kind != COMPOSE_SCALAR || compose_is_null(node))
		return NULL;
	return rm_xstrdup(node->text);
}

/* --- ports ----------------------------------------------------------------- */

/*
 * Splits the short form "[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]"; an IPv6
 * host address is written in brackets ("[::1]:8080:80").
 */
static void parse_short_port(compose_port *port, const char *text)
{
	const char *end = text + strlen(text);
	const char *slash = strrchr(text, '/');
	const char *colon;

	if (slash) {
		port->protocol = dup_or_null(slash + 1, (size_t)(end - slash - 1));
		end = slash;
	}
	if (text[0] == '[') {
		const char *close = memchr(text, ']', (size_t)(end - text));

		if (close) {
			port->host_ip = dup_or_null(text + 1,
						    (size_t)(close - text - 1));
			text = close + 1;
			if (text < end && *text == ':')
				text++;
		}
	}

	colon = NULL;
	for (const char *p = text; p < end; p++)
		if (*p == ':')
			colon = p;
	if (!colon) {
		port->target = dup_or_null(text, (size_t)(end - text));
		return;
	}
	port->target = dup_or_null(colon + 1, (size_t)(end - colon - 1));

	/* What is left is "HOST" or "HOST_IP:HOST" (HOST may be empty). */
	end = colon;
	colon = NULL;
	for (const char *p = text; p < end; p++)
		if (*p == ':')
			colon = p;
	if (!colon) {
		port->published = dup_or_null(text, (size_t)(end - text));
		return;
	}
	if (!port->host_ip)
		port->host_ip = dup_or_null(text, (size_t)(colon - text));
	port->published = dup_or_null(colon + 1, (size_t)(end - colon - 1));
}

static int load_ports(compose_file *file, compose_service *svc)
{
	const compose_node *list = svc->ports_node;

	if (compose_is_null(list))
		return RM_OK;
	if (list->kind != COMPOSE_SEQUENCE)
		return invalid_at(file, list, "'ports' of service '%s' must be a list",
				  svc->name);
	svc->ports = rm_xcalloc(list->item_count + 1, sizeof(*svc->ports));
	for (size_t i = 0; i < list->item_count; i++) {
		const compose_node *item = list->items[i];
		compose_port *port = &svc->ports[svc->port_count++];

		port->node = item;
		if (item->kind == COMPOSE_SCALAR) {
			parse_short_port(port, item->text);
		} else if (item->kind == COMPOSE_MAPPING) {
			port->host_ip_node = compose_get(item, "host_ip");
			port->host_ip = scalar_copy(port->host_ip_node);
			port->published = scalar_copy(compose_get(item, "published"));
			port->target = scalar_copy(compose_get(item, "target"));
			port->protocol = scalar_copy(compose_get(item, "protocol"));
		} else {
			return invalid_at(file, item,
					  "a port of service '%s' must be a string or a mapping",
					  svc->name);
		}
	}
	return RM_OK;
}

/* --- environment ----------------------------------------------------------- */

/*
 * Finds the bytes of `value`, the tail of a list item's text after "=",
 * in the source: exact for a plain item and for a quoted one whose
 * source text equals its value; otherwise the whole item.
 */
static void list_value_range(const compose_file *file, const compose_node *item,
			     size_t value_offset, compose_env *env)
{
	const char *text = file->src->text;
	size_t inner_start = item->start, inner_end = item->end;

	env->value_start = item->start;
	env->value_end = item->end;
	if (!item->plain && inner_end - inner_start >= 2) {
		inner_start++;
		inner_end--;
	}
	if (inner_end - inner_start != item->len ||
	    memcmp(text + inner_start, item->text, item->len) != 0)
		return;
	env->value_start = inner_start + value_offset;
	env->value_end = inner_end;
}

static int load_environment(compose_file *file, compose_service *svc)
{
	const compose_node *env = svc->environment;

	if (compose_is_null(env))
		return RM_OK;
	if (env->kind == COMPOSE_MAPPING) {
		svc->env = rm_xcalloc(env->pair_count + 1, sizeof(*svc->env));
		for (size_t i = 0; i < env->pair_count; i++) {
			const compose_pair *pair = &env->pairs[i];
			compose_env *var = &svc->env[svc->env_count++];

			if (pair->key->kind != COMPOSE_SCALAR)
				return invalid_at(file, pair->key,
						  "environment variable names of service '%s' must be strings",
						  svc->name);
			var->name = rm_xstrdup(pair->key->text);
			var->value = scalar_copy(pair->value);
			var->node = pair->value;
			var->value_start = pair->value->start;
			var->value_end = pair->value->end;
		}
		return RM_OK;
	}
	if (env->kind != COMPOSE_SEQUENCE)
		return invalid_at(file, env,
				  "'environment' of service '%s' must be a mapping or a list",
				  svc->name);

	svc->env = rm_xcalloc(env->item_count + 1, sizeof(*svc->env));
	for (size_t i = 0; i < env->item_count; i++) {
		const compose_node *item = env->items[i];
		compose_env *var = &svc->env[svc->env_count++];
		const char *eq;

		if (item->kind != COMPOSE_SCALAR)
			return invalid_at(file, item,
					  "an 'environment' list item of service '%s' must be NAME=VALUE",
					  svc->name);
		var->node = item;
		eq = strchr(item->text, '=');
		if (!eq) {
			/* "NAME" alone takes the value from the shell. */
			var->name = rm_xstrdup(item->text);
			var->value_start = item->start;
			var->value_end = item->end;
			continue;
		}
		var->name = rm_xstrndup(item->text, (size_t)(eq - item->text));
		var->value = rm_xstrdup(eq + 1);
		list_value_range(file, item, (size_t)(eq + 1 - item->text), var);
	}
	return RM_OK;
}

/* --- volumes --------------------------------------------------------------- */

static int load_mounts(compose_file *file, compose_service *svc)
{
	const compose_node *list = svc->volumes_node;

	if (compose_is_null(list))
		return RM_OK;
	if (list->kind != COMPOSE_SEQUENCE)
		return invalid_at(file, list, "'volumes' of service '%s' must be a list",
				  svc->name);
	svc->mounts = rm_xcalloc(list->item_count + 1, sizeof(*svc->mounts));
	for (size_t i = 0; i < list->item_count; i++) {
		const compose_node *item = list->items[i];
		compose_mount *mount = &svc->mounts[svc->mount_count++];

		mount->node = item;
		if (item->kind == COMPOSE_MAPPING) {
			mount->source = scalar_copy(compose_get(item, "source"));
			mount->target = scalar_copy(compose_get(item, "target"));
		} else if (item->kind == COMPOSE_SCALAR) {
			/* "SOURCE:TARGET[:MODE]", or "TARGET" alone for an
			 * anonymous volume. */
			const char *colon = strchr(item->text, ':');

			if (!colon) {
				mount->target = rm_xstrdup(item->text);
			} else {
				const char *next = strchr(colon + 1, ':');
				size_t len = next ? (size_t)(next - colon - 1) :
						    strlen(colon + 1);

				mount->source = rm_xstrndup(item->text,
							    (size_t)(colon - item->text));
				mount->target = rm_xstrndup(colon + 1, len);
			}
		} else {
			return invalid_at(file, item,
					  "a volume of service '%s' must be a string or a mapping",
					  svc->name);
		}
	}
	return RM_OK;
}

/* --- services -------------------------------------------------------------- */

static int expect_list(const compose_file *file, const compose_service *svc,
		       const compose_node *node, const char *key)
{
	if (compose_is_null(node) || node->kind == COMPOSE_SEQUENCE)
		return RM_OK;
	return invalid_at(file, node, "'%s' of service '%s' must be a list", key,
			  svc->name);
}

static int load_service(compose_file *file, compose_service *svc,
			const compose_pair *pair)
{
	const compose_node *body = pair->value;
	int error;

	if (pair->key->kind != COMPOSE_SCALAR)
		return invalid_at(file, pair->key, "a service name must be a string");
	svc->name = pair->key->text;
	svc->key = pair->key;
	if (body->kind != COMPOSE_MAPPING)
		return invalid_at(file, body,
				  "service '%s' must be a mapping of its settings",
				  svc->name);
	svc->body = body;

	svc->image = compose_get(body, "image");
	svc->build = compose_get(body, "build");
	svc->ports_node = compose_get(body, "ports");
	svc->environment = compose_get(body, "environment");
	svc->env_file = compose_get(body, "env_file");
	svc->depends_on = compose_get(body, "depends_on");
	svc->networks = compose_get(body, "networks");
	svc->volumes_node = compose_get(body, "volumes");
	svc->read_only = compose_get(body, "read_only");
	svc->cap_add = compose_get(body, "cap_add");
	svc->cap_drop = compose_get(body, "cap_drop");
	svc->privileged = compose_get(body, "privileged");
	svc->security_opt = compose_get(body, "security_opt");
	svc->network_mode = compose_get(body, "network_mode");
	svc->pid = compose_get(body, "pid");
	svc->ipc = compose_get(body, "ipc");
	svc->mem_limit = compose_get(body, "mem_limit");
	svc->cpus = compose_get(body, "cpus");
	svc->cpu_shares = compose_get(body, "cpu_shares");
	svc->cpu_quota = compose_get(body, "cpu_quota");
	svc->pids_limit = compose_get(body, "pids_limit");
	svc->healthcheck = compose_get(body, "healthcheck");
	svc->user = compose_get(body, "user");
	svc->tmpfs = compose_get(body, "tmpfs");
	svc->secrets = compose_get(body, "secrets");
	svc->use_api_socket = compose_get(body, "use_api_socket");
	svc->deploy_memory = compose_get_path(body, "deploy.resources.limits.memory");
	svc->deploy_cpus = compose_get_path(body, "deploy.resources.limits.cpus");
	svc->deploy_pids = compose_get_path(body, "deploy.resources.limits.pids");

	if ((error = expect_list(file, svc, svc->cap_add, "cap_add")) < 0 ||
	    (error = expect_list(file, svc, svc->cap_drop, "cap_drop")) < 0 ||
	    (error = expect_list(file, svc, svc->security_opt, "security_opt")) < 0 ||
	    (error = load_ports(file, svc)) < 0 ||
	    (error = load_environment(file, svc)) < 0 ||
	    (error = load_mounts(file, svc)) < 0)
		return error;
	return RM_OK;
}

static int load_model(compose_file *file)
{
	const compose_pair *services = compose_get_pair(file->root, "services");
	const compose_node *map;
	int error;

	file->networks = compose_get(file->root, "networks");
	file->volumes = compose_get(file->root, "volumes");
	file->secrets = compose_get(file->root, "secrets");
	if (!services)
		return RM_OK;
	file->services_key = services->key;
	map = services->value;
	if (compose_is_null(map))
		return RM_OK;
	if (map->kind != COMPOSE_MAPPING)
		return invalid_at(file, map, "'services' must be a mapping of service names to settings");

	file->services = rm_xcalloc(map->pair_count + 1, sizeof(*file->services));
	for (size_t i = 0; i < map->pair_count; i++) {
		error = load_service(file, &file->services[file->service_count++],
				     &map->pairs[i]);
		if (error < 0)
			return error;
	}
	return RM_OK;
}

int compose_load(compose_file **out, const source *src)
{
	compose_file *file = rm_xcalloc(1, sizeof(*file));
	int error;

	*out = NULL;
	file->src = src;
	if ((error = compose_parse_tree(file)) < 0 ||
	    (error = load_model(file)) < 0) {
		compose_free(file);
		return error;
	}
	*out = file;
	return RM_OK;
}

static void service_free(compose_service *svc)
{
	for (size_t i = 0; i < svc->port_count; i++) {
		free(svc->ports[i].host_ip);
		free(svc->ports[i].published);
		free(svc->ports[i].target);
		free(svc->ports[i].protocol);
	}
	free(svc->ports);
	for (size_t i = 0; i < svc->env_count; i++) {
		free(svc->env[i].name);
		free(svc->env[i].value);
	}
	free(svc->env);
	for (size_t i = 0; i < svc->mount_count; i++) {
		free(svc->mounts[i].source);
		free(svc->mounts[i].target);
	}
	free(svc->mounts);
}

void compose_free(compose_file *self)
{
	if (!self)
		return;
	for (size_t i = 0; i < self->service_count; i++)
		service_free(&self->services[i]);
	free(self->services);

	/* An alias occurrence shares its anchor's arrays: only the anchored
	 * node frees them. */
	for (size_t i = 0; i < self->all_count; i++) {
		compose_node *node = self->all_nodes[i];

		if (!node->origin) {
			free(node->text);
			free(node->items);
			free(node->entries);
			free(node->pairs);
		}
		free(node);
	}
	free(self->all_nodes);
	free(self);
}

/* --- lookups for fixers ---------------------------------------------------- */

const compose_service *compose_find_service(const compose_file *self,
					    const char *name)
{
	for (size_t i = 0; i < self->service_count; i++)
		if (strcmp(self->services[i].name, name) == 0)
			return &self->services[i];
	return NULL;
}

int compose_service_range(const compose_file *self, const char *service,
			  size_t *start, size_t *end)
{
	const compose_service *svc = compose_find_service(self, service);

	if (!svc) {
		rm_error_set("'%s' has no service '%s'", self->src->path, service);
		return RM_ENOTFOUND;
	}
	*start = svc->body->start;
	*end = svc->body->end;
	return RM_OK;
}

int compose_value_range(const compose_file *self, const char *service,
			const char *key, size_t *start, size_t *end)
{
	const compose_service *svc = compose_find_service(self, service);
	const compose_node *value = svc ? compose_get(svc->body, key) : NULL;

	if (!value) {
		rm_error_set("'%s' has no key '%s' in service '%s'",
			     self->src->path, key, service);
		return RM_ENOTFOUND;
	}
	*start = value->start;
	*end = value->end;
	return RM_OK;
}

int compose_service_indent(const compose_file *self,
			   const compose_service *service)
{
	int indent = compose_key_indent(service->body);
	int step;

	if (indent >= 0)
		return indent;
	for (size_t i = 0; i < self->service_count; i++) {
		indent = compose_key_indent(self->services[i].body);
		if (indent > service->key->col)
			return indent;
	}

	/* No block-style service to copy from: nest by the same step as the
	 * service names are nested under `services`. */
	step = self->services_key ? service->key->col - self->services_key->col : 0;
	return service->key->col + (step > 0 ? step : 2);
}
