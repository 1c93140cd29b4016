/*
 * params.c -- the REST API's parameters, read and checked as WordPress
 * does (rest_validate_value_from_schema): a bad value is never guessed
 * at, it is reported in one 400 rest_invalid_param whose data.params
 * names every bad parameter and data.details gives each one's code.
 *
 * A parameter comes from the JSON body, a form body or the query, in
 * that order (WordPress: JSON, POST, GET).  A list is "1,2,3", a JSON
 * array, or repeated "name[]=" pairs in the query.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/req.h"

/* Items of one list parameter at most. */
#define LIST_MAX STORE_API_IDS_MAX

void
api_bad_param(struct api_ctx *ctx, const char *name, const char *code,
    const char *msg)
{
	if (ctx->bad_params == NULL) {
		ctx->bad_params = json_object();
		ctx->bad_details = json_object();
	}
	if (json_object_get(ctx->bad_params, name) != NULL)
		return;
	json_object_set_new(ctx->bad_params, name, json_string(msg));
	json_object_set_new(ctx->bad_details, name,
	    json_pack("{s:s,s:s,s:n}", "code", code, "message", msg, "data"));
}

static void
bad_type(struct api_ctx *ctx, const char *name, const char *type)
{
	api_bad_param(ctx, name, "rest_invalid_type",
	    arena_printf(ctx->a, "%s is not of type %s.", name, type));
}

int
api_params_done(struct api_ctx *ctx)
{
	const char *key;
	json_t	   *v, *data;
	char	   *msg, *m;
	size_t	    n = 0, len = 0;

	if (ctx->bad_params == NULL)
		return 0;
	json_object_foreach(ctx->bad_params, key, v) len += strlen(key) + 2;
	if ((m = arena_alloc(ctx->a, len + 32)) != NULL) {
		strcpy(m, "Invalid parameter(s): ");
		json_object_foreach(ctx->bad_params, key, v)
		{
			if (n++ > 0)
				strcat(m, ", ");
			strcat(m, key);
		}
	}
	msg = m;
	data = json_pack("{s:o,s:o}", "params", ctx->bad_params, "details",
	    ctx->bad_details);
	ctx->bad_params = ctx->bad_details = NULL;
	(void)api_fail(ctx, 400, "rest_invalid_param",
	    msg != NULL ? msg : "Invalid parameter(s).", data);
	return 1;
}

/* Every value of "name[]" in the raw query, in order. */
static size_t
query_all(struct api_ctx *ctx, const char *name, struct str *out, size_t max)
{
	struct str q = ctx->query, k, v;
	size_t	   i, start, eq, n = 0, nl = strlen(name);

	for (i = start = 0; i <= q.n && n < max; i++) {
		if (i < q.n && q.p[i] != '&')
			continue;
		for (eq = start; eq < i && q.p[eq] != '='; eq++)
			continue;
		if (req_query_decode(ctx->a, q.p + start, eq - start, &k) ==
			NG_OK &&
		    k.n == nl + 2 && memcmp(k.p, name, nl) == 0 &&
		    k.p[nl] == '[' && k.p[nl + 1] == ']' &&
		    req_query_decode(ctx->a, q.p + (eq < i ? eq + 1 : i),
			eq < i ? i - eq - 1 : 0, &v) == NG_OK)
			out[n++] = v;
		start = i + 1;
	}
	return n;
}

struct str
api_param(struct api_ctx *ctx, const char *name, json_t **json)
{
	json_t	  *v;
	struct str s;
	char	   b[64];

	if (json != NULL)
		*json = NULL;
	if (ctx->body != NULL &&
	    (v = json_object_get(ctx->body, name)) != NULL) {
		if (json != NULL)
			*json = v;
		if (json_is_string(v))
			return (struct str){ json_string_value(v),
				json_string_length(v) };
		if (json_is_integer(v)) {
			snprintf(b, sizeof(b), "%lld",
			    (long long)json_integer_value(v));
			return str_c(arena_strdup(ctx->a, b));
		}
		if (json_is_real(v)) {
			snprintf(b, sizeof(b), "%.17g", json_real_value(v));
			return str_c(arena_strdup(ctx->a, b));
		}
		if (json_is_true(v))
			return STR_LIT("true");
		if (json_is_false(v))
			return STR_LIT("false");
		/* null, arrays, objects: the caller looks at *json. */
		return STR_LIT("");
	}
	if ((s = req_form(ctx->r, name)).p != NULL)
		return s;
	return req_query(ctx->r, name);
}

int
api_parse_int(struct str s, int64_t *out)
{
	char	  b[64], *end;
	double	  d;
	long long ll;
	size_t	  i = 0;

	/* is_numeric(): leading white space, sign, digits, dot, exponent. */
	if (s.n == 0 || s.n >= sizeof(b))
		return 0;
	memcpy(b, s.p, s.n);
	b[s.n] = '\0';
	if (memchr(b, '\0', s.n) != NULL)
		return 0;
	while (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')
		i++;
	if (b[i] == '\0' || strpbrk(b + i, "xXnNiIpP") != NULL)
		return 0; /* no hex, nan, inf */
	errno = 0;
	ll = strtoll(b + i, &end, 10);
	if (*end == '\0' && errno == 0) {
		*out = ll;
		return 1;
	}
	errno = 0;
	d = strtod(b + i, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || errno != 0 || !isfinite(d) || d > 9.2e18 ||
	    d < -9.2e18 || (double)(int64_t)d != d)
		return 0;
	*out = (int64_t)d;
	return 1;
}

int
api_p_int(struct api_ctx *ctx, const char *name, int64_t def, int64_t min,
    int64_t max, int64_t *out)
{
	json_t	  *j;
	struct str s = api_param(ctx, name, &j);
	int64_t	   v;

	*out = def;
	if (s.p == NULL)
		return 1;
	if ((j != NULL && !json_is_number(j) && !json_is_string(j)) ||
	    !api_parse_int(s, &v)) {
		bad_type(ctx, name, "integer");
		return 0;
	}
	if (v < min || v > max) {
		if (max == INT64_MAX)
			api_bad_param(ctx, name, "rest_out_of_bounds",
			    arena_printf(ctx->a,
				"%s must be greater than or equal to %lld",
				name, (long long)min));
		else
			api_bad_param(ctx, name, "rest_out_of_bounds",
			    arena_printf(ctx->a,
				"%s must be between %lld (inclusive) and %lld "
				"(inclusive)",
				name, (long long)min, (long long)max));
		return 0;
	}
	*out = v;
	return 1;
}

int
api_p_bool(struct api_ctx *ctx, const char *name, int def, int *out)
{
	json_t	  *j;
	struct str s = api_param(ctx, name, &j);

	*out = def;
	if (s.p == NULL)
		return 1;
	/* rest_sanitize_boolean(): these strings, any case. */
	if (j != NULL && !json_is_boolean(j) && !json_is_string(j) &&
	    !json_is_integer(j)) {
		bad_type(ctx, name, "boolean");
		return 0;
	}
	if (str_eqc(s, "1") || (s.n == 4 && strncasecmp(s.p, "true", 4) == 0))
		*out = 1;
	else if (s.n == 0 || str_eqc(s, "0") ||
	    (s.n == 5 && strncasecmp(s.p, "false", 5) == 0))
		*out = 0;
	else {
		bad_type(ctx, name, "boolean");
		return 0;
	}
	return 1;
}

/* "a, b, and c" as WordPress lists enum values. */
static const char *
enum_list(struct arena *a, const char *const *values)
{
	char  *out = arena_strdup(a, "");
	size_t i, n;

	for (n = 0; values[n] != NULL; n++)
		continue;
	for (i = 0; i < n && out != NULL; i++)
		out = arena_printf(a, "%s%s%s", out,
		    i == 0	   ? "" :
			n == 2	   ? " and " :
			i == n - 1 ? ", and " :
				     ", ",
		    values[i]);
	return out != NULL ? out : "";
}

int
api_p_enum(struct api_ctx *ctx, const char *name, const char *const *values,
    int def, int *out)
{
	json_t	  *j;
	struct str s = api_param(ctx, name, &j);
	int	   i;

	*out = def;
	if (s.p == NULL)
		return 1;
	if (j != NULL && !json_is_string(j)) {
		bad_type(ctx, name, "string");
		return 0;
	}
	for (i = 0; values[i] != NULL; i++)
		if (str_eqc(s, values[i])) {
			*out = i;
			return 1;
		}
	api_bad_param(ctx, name, "rest_not_in_enum",
	    arena_printf(ctx->a, "%s is not one of %s.", name,
		enum_list(ctx->a, values)));
	return 0;
}

int
api_split_list(struct arena *a, struct str s, struct str **out, size_t *n,
    size_t max)
{
	struct str *v;
	size_t	    i, start, k = 0;

	*out = NULL;
	*n = 0;
	if (s.n == 0)
		return 1;
	if ((v = arena_calloc(a, max, sizeof(*v))) == NULL)
		return 0;
	for (i = start = 0; i <= s.n; i++) {
		if (i < s.n && s.p[i] != ',')
			continue;
		while (start < i && isspace((unsigned char)s.p[start]))
			start++;
		if (i > start) {
			if (k == max)
				return 0;
			v[k].p = s.p + start;
			v[k].n = i - start;
			while (v[k].n > 0 &&
			    isspace((unsigned char)v[k].p[v[k].n - 1]))
				v[k].n--;
			k++;
		}
		start = i + 1;
	}
	*out = v;
	*n = k;
	return 1;
}

/* The raw items of list parameter name, from any of its three forms. */
static int
list_items(struct api_ctx *ctx, const char *name, struct str **out, size_t *n)
{
	json_t	  *j, *it;
	struct str s, *v;
	size_t	   i;
	char	   b[32];

	*out = NULL;
	*n = 0;
	s = api_param(ctx, name, &j);
	if (j != NULL && json_is_array(j)) {
		if (json_array_size(j) > LIST_MAX) {
			api_bad_param(ctx, name, "rest_too_many_items",
			    arena_printf(ctx->a,
				"%s must contain at most %d items.", name,
				LIST_MAX));
			return 0;
		}
		if ((v = arena_calloc(ctx->a, json_array_size(j) + 1,
			 sizeof(*v))) == NULL)
			return 0;
		json_array_foreach(j, i, it)
		{
			if (json_is_string(it))
				v[i] = (struct str){ json_string_value(it),
					json_string_length(it) };
			else if (json_is_integer(it)) {
				snprintf(b, sizeof(b), "%lld",
				    (long long)json_integer_value(it));
				v[i] = str_c(arena_strdup(ctx->a, b));
			} else
				v[i] = STR_LIT("\x01"); /* bad type */
		}
		*out = v;
		*n = json_array_size(j);
		return 1;
	}
	if (j != NULL && !json_is_string(j) && !json_is_integer(j)) {
		bad_type(ctx, name, "array");
		return 0;
	}
	if (s.p == NULL) {
		if ((v = arena_calloc(ctx->a, LIST_MAX, sizeof(*v))) == NULL)
			return 0;
		*n = query_all(ctx, name, v, LIST_MAX);
		*out = v;
		return 1;
	}
	if (!api_split_list(ctx->a, s, out, n, LIST_MAX)) {
		api_bad_param(ctx, name, "rest_too_many_items",
		    arena_printf(ctx->a, "%s must contain at most %d items.",
			name, LIST_MAX));
		return 0;
	}
	return 1;
}

int
api_p_ids(struct api_ctx *ctx, const char *name, struct id_set *out)
{
	struct str *items;
	int64_t	   *v;
	size_t	    i, k;

	out->v = NULL;
	out->n = 0;
	if (!list_items(ctx, name, &items, &k))
		return 0;
	if (k == 0)
		return 1;
	if ((v = arena_calloc(ctx->a, k, sizeof(*v))) == NULL)
		return 0;
	for (i = 0; i < k; i++)
		if (!api_parse_int(items[i], &v[i]) || v[i] < 0) {
			api_bad_param(ctx, name, "rest_invalid_type",
			    arena_printf(ctx->a,
				"%s[%zu] is not of type integer.", name, i));
			return 0;
		}
	out->v = v;
	out->n = k;
	return 1;
}

int
api_p_strs(struct api_ctx *ctx, const char *name, struct str **out, size_t *n)
{
	size_t i;

	if (!list_items(ctx, name, out, n))
		return 0;
	for (i = 0; i < *n; i++)
		if (!utf8_valid((*out)[i].p, (*out)[i].n) ||
		    str_eqc((*out)[i], "\x01")) {
			api_bad_param(ctx, name, "rest_invalid_type",
			    arena_printf(ctx->a,
				"%s[%zu] is not of type string.", name, i));
			return 0;
		}
	return 1;
}

int
api_p_str(struct api_ctx *ctx, const char *name, size_t max, struct str *out)
{
	json_t	  *j;
	struct str s = api_param(ctx, name, &j);

	*out = STR_NULL;
	if (s.p == NULL)
		return 1;
	if ((j != NULL && !json_is_string(j)) || !utf8_valid(s.p, s.n) ||
	    memchr(s.p, '\0', s.n) != NULL) {
		bad_type(ctx, name, "string");
		return 0;
	}
	if (s.n > max) {
		api_bad_param(ctx, name, "rest_too_long",
		    arena_printf(ctx->a,
			"%s must be at most %zu characters long.", name, max));
		return 0;
	}
	*out = s;
	return 1;
}

static int
digits(const char *p, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 1;
}

int
api_parse_date(struct str s, int32_t off, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	struct tm	 tm;
	const char	*p = s.p;
	size_t		 i = 19;
	int		 y, mo, d, h, mi, se, zh, zm, sign;
	int64_t		 t;

	if (s.n < 19 || !digits(p, 4, &y) || p[4] != '-' ||
	    !digits(p + 5, 2, &mo) || p[7] != '-' || !digits(p + 8, 2, &d) ||
	    (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
	    !digits(p + 11, 2, &h) || p[13] != ':' || !digits(p + 14, 2, &mi) ||
	    p[16] != ':' || !digits(p + 17, 2, &se))
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || se > 60)
		return 0;
	if (i < s.n && p[i] == '.') {
		for (i++; i < s.n && p[i] >= '0' && p[i] <= '9'; i++)
			continue;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = (int64_t)timegm(&tm);
	if (i == s.n) {
		*out = t - off;
		return 1;
	}
	if ((p[i] == 'Z' || p[i] == 'z') && i + 1 == s.n) {
		*out = t;
		return 1;
	}
	if ((p[i] == '+' || p[i] == '-') && s.n - i == 6 &&
	    digits(p + i + 1, 2, &zh) && p[i + 3] == ':' &&
	    digits(p + i + 4, 2, &zm) && zh < 24 && zm < 60) {
		sign = p[i] == '+' ? 1 : -1;
		*out = t - sign * (zh * 3600 + zm * 60);
		return 1;
	}
	return 0;
}

int
api_p_date(struct api_ctx *ctx, const char *name, int64_t *out)
{
	json_t	  *j;
	struct str s = api_param(ctx, name, &j);

	*out = 0;
	if (s.p == NULL)
		return 1;
	if ((j != NULL && !json_is_string(j)) ||
	    !api_parse_date(s, ctx->tz_off, out)) {
		api_bad_param(ctx, name, "rest_invalid_date", "Invalid date.");
		return 0;
	}
	return 1;
}

int
api_p_page(struct api_ctx *ctx, struct api_page *pg)
{
	int64_t page, per, off;
	int	ok;

	ok = api_p_int(ctx, "page", 1, 1, INT64_MAX, &page);
	ok &= api_p_int(ctx, "per_page", API_PER_PAGE, 1, API_PER_PAGE_MAX,
	    &per);
	ok &= api_p_int(ctx, "offset", -1, 0, INT64_MAX, &off);
	if (!ok)
		return 0;
	/* Past this nothing can exist; keeps the arithmetic in range. */
	if (page > INT32_MAX)
		page = INT32_MAX;
	if (off > INT32_MAX)
		off = INT32_MAX;
	pg->page = (size_t)page;
	pg->per_page = (size_t)per;
	pg->offset = off >= 0 ? (size_t)off : (pg->page - 1) * pg->per_page;
	return 1;
}

int
api_page_check(struct api_ctx *ctx, const struct api_page *pg, size_t total,
    const char *code)
{
	size_t pages = (total + pg->per_page - 1) / pg->per_page;

	if (total > 0 && pg->page > pages) {
		(void)api_fail(ctx, 400, code,
		    "The page number requested is "
		    "larger than the number of pages available.",
		    NULL);
		return 1;
	}
	return 0;
}

/* A text field as a string or as WordPress's {"raw": "..."}. */
int
api_p_text(struct api_ctx *ctx, const char *name, size_t max, struct str *out,
    int *has)
{
	json_t *j, *raw;

	*has = 0;
	if (ctx->body != NULL &&
	    (j = json_object_get(ctx->body, name)) != NULL &&
	    json_is_object(j)) {
		raw = json_object_get(j, "raw");
		if (raw == NULL || !json_is_string(raw)) {
			api_bad_param(ctx, name, "rest_invalid_type",
			    arena_printf(ctx->a, "%s is not of type string.",
				name));
			return 0;
		}
		*out = (struct str){ json_string_value(raw),
			json_string_length(raw) };
		*has = 1;
		if (out->n > max) {
			api_bad_param(ctx, name, "rest_too_long",
			    arena_printf(ctx->a,
				"%s must be at most %zu bytes long.", name,
				max));
			return 0;
		}
		return 1;
	}
	if (!api_p_str(ctx, name, max, out))
		return 0;
	*has = out->p != NULL;
	return 1;
}
