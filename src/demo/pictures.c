/*
 * pictures.c -- the demo stories' featured images, drawn here.
 *
 * Nothing is fetched: each picture is a small landscape -- a sky in
 * the story's section colours, a sun, three ranges of hills and, for
 * the city desks, a skyline -- painted into a pixel buffer, encoded as
 * a JPEG (media/image.h) and stored through the upload pipeline
 * (media_store_file()), so the front page, og:image, JSON-LD and the
 * feeds show real variants as they would an editor's upload.  Drawn
 * at 480x270, one variant: every `serve --demo` (and every test server)
 * draws them, and smooth gradients lose nothing when a wide screen
 * scales them up.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "demo/demo.h"
#include "media/image.h"
#include "media/media.h"
#include "store/store.h"

#define PIC_W DEMO_PIC_W
#define PIC_H DEMO_PIC_H

struct rgb {
	unsigned char r, g, b;
};

/* Sky top, sky bottom, hills (far to near) of each palette. */
static const struct rgb palettes[][5] = {
	{ { 29, 53, 87 }, { 241, 196, 83 }, { 96, 108, 140 }, { 60, 72, 104 },
	    { 32, 40, 64 } },
	{ { 106, 76, 147 }, { 255, 202, 58 }, { 140, 90, 120 }, { 98, 60, 96 },
	    { 58, 34, 64 } },
	{ { 38, 70, 83 }, { 233, 196, 106 }, { 42, 157, 143 }, { 30, 110, 100 },
	    { 18, 70, 66 } },
	{ { 188, 71, 73 }, { 242, 232, 207 }, { 167, 201, 87 },
	    { 106, 153, 78 }, { 56, 102, 65 } },
	{ { 72, 149, 239 }, { 202, 240, 248 }, { 144, 190, 109 },
	    { 67, 170, 139 }, { 39, 125, 161 } },
};

static unsigned char
mix(unsigned char a, unsigned char b, double t)
{
	return (unsigned char)(a + (b - a) * t + 0.5);
}

static void
put(unsigned char *px, int x, int y, struct rgb c)
{
	unsigned char *p = px + ((size_t)y * PIC_W + (size_t)x) * 3;

	p[0] = c.r;
	p[1] = c.g;
	p[2] = c.b;
}

/* A small deterministic generator: the same story, the same picture. */
static uint32_t
next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void
demo_draw_picture(unsigned char *px, unsigned seed, int palette, int city)
{
	const struct rgb *pal = palettes[(size_t)palette %
	    (sizeof(palettes) / sizeof(palettes[0]))];
	uint32_t	  s = seed * 2654435761u + 1;
	double		  sunx, suny, sunr, ph[3], fr[3], base[3], d, t;
	int		  x, y, k, bx, bw, bh;
	struct rgb	  c;

	sunx = PIC_W / 8 + next(&s) % (PIC_W * 3 / 4);
	suny = PIC_H / 6 + next(&s) % (PIC_H / 4);
	sunr = PIC_H / 14 + next(&s) % (PIC_H / 18);
	for (k = 0; k < 3; k++) {
		ph[k] = (next(&s) % 628) / 100.0;
		fr[k] = (2 + next(&s) % 4) * M_PI / PIC_W;
		base[k] = PIC_H * (0.55 + 0.12 * k);
	}
	for (y = 0; y < PIC_H; y++) {
		t = (double)y / PIC_H;
		for (x = 0; x < PIC_W; x++) {
			c.r = mix(pal[0].r, pal[1].r, t);
			c.g = mix(pal[0].g, pal[1].g, t);
			c.b = mix(pal[0].b, pal[1].b, t);
			d = hypot(x - sunx, y - suny);
			if (d < sunr)
				c = (struct rgb){ 255, 244, 214 };
			else if (d < sunr * 2.2) {
				t = (d - sunr) / (sunr * 1.2);
				c.r = mix(255, c.r, t);
				c.g = mix(236, c.g, t);
				c.b = mix(190, c.b, t);
			}
			put(px, x, y, c);
		}
	}
	/* A skyline behind the nearest hills, for the city desks. */
	if (city)
		for (bx = 0; bx < PIC_W; bx += bw + 6) {
			bw = PIC_W / 32 + next(&s) % (PIC_W / 16);
			bh = PIC_H / 9 + next(&s) % (PIC_H / 3);
			for (y = (int)base[1] - bh < 0 ? 0 : (int)base[1] - bh;
			     y < PIC_H; y++)
				for (x = bx; x < bx + bw && x < PIC_W; x++)
					put(px, x, y,
					    ((x - bx) % 14 < 5 &&
						(y / 12) % 2 &&
						(next(&s) & 3) != 0) ?
						(struct rgb){ 255, 226, 150 } :
						pal[3]);
		}
	for (k = 0; k < 3; k++)
		for (x = 0; x < PIC_W; x++) {
			d = base[k] + PIC_H / 13.0 * sin(x * fr[k] + ph[k]) +
			    PIC_H / 30.0 * sin(x * fr[k] * 2.7 + ph[k] * 1.3);
			for (y = d < 0	   ? 0 :
				 d > PIC_H ? PIC_H :
					     (int)d;
			     y < PIC_H; y++)
				put(px, x, y, pal[2 + k]);
		}
}

enum ng_err
demo_add_picture(struct arena *a, struct store *st, const char *data_dir,
    int64_t article_id, unsigned seed, int palette, int city, const char *alt)
{
	struct media   m;
	unsigned char *px;
	void	      *jpg = NULL;
	size_t	       n = 0;
	char	       why[256];
	int	       status;
	enum ng_err    err;

	if ((px = malloc((size_t)PIC_W * PIC_H * 3)) == NULL)
		return NG_ENOMEM;
	demo_draw_picture(px, seed, palette, city);
	err = image_jpeg_from_rgb(px, PIC_W, PIC_H, &jpg, &n);
	free(px);
	if (err != NG_OK)
		return err;
	memset(&m, 0, sizeof(m));
	m.alt = str_c(alt);
	m.credit = STR_LIT("Illustration: demo");
	err = media_store_file(a, st, data_dir, (struct str){ jpg, n }, &m,
	    &status, why, sizeof(why));
	image_free(jpg);
	if (err == NG_OK)
		err = store_article_set_featured(st, article_id, m.id);
	return err;
}
