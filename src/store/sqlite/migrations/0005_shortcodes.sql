-- 0005_shortcodes.sql -- sliders and ads, what the [slider],
-- [soliloquy] and [ad] shortcodes and the theme's ad placements show.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- An image slider.  legacy_id is the WordPress post id of a migrated
-- Soliloquy slider, so an imported [soliloquy id="31272"] finds it.
CREATE TABLE sliders (
	id		INTEGER PRIMARY KEY,
	legacy_id	INTEGER UNIQUE,
	name		TEXT NOT NULL,
	created_at	INTEGER NOT NULL
) STRICT;

-- Slides in order.  image_url is a site path ("/media/x.jpg"): reader
-- pages allow images from the site only (img-src 'self').
CREATE TABLE slides (
	id		INTEGER PRIMARY KEY,
	slider_id	INTEGER NOT NULL REFERENCES sliders (id)
			ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	image_url	TEXT NOT NULL,
	alt		TEXT NOT NULL DEFAULT '',
	caption		TEXT,
	link_url	TEXT
) STRICT;
CREATE INDEX slides_slider ON slides (slider_id, position);

-- A named place for ads, with a fixed size so nothing moves while it
-- loads.  placement says where the theme puts it by itself ('inline':
-- only where an [ad slot="name"] shortcode asks); position is the
-- paragraph for 'after_paragraph' and the block for 'front'.
CREATE TABLE ad_slots (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	placement	TEXT NOT NULL DEFAULT 'inline'
			CHECK (placement IN ('inline', 'header', 'sidebar',
			    'after_paragraph', 'front', 'below_article')),
	position	INTEGER NOT NULL DEFAULT 0,
	width		INTEGER NOT NULL CHECK (width BETWEEN 1 AND 2000),
	height		INTEGER NOT NULL CHECK (height BETWEEN 1 AND 2000)
) STRICT;

-- An ad in a slot: an image with a link, third-party code (served in a
-- sandboxed frame from /ad/ID/frame), or a slider of house ads.  A slot
-- shows one of its live ads (active, within its dates, for the page's
-- section or for all), chosen at random in proportion to weight.
CREATE TABLE ads (
	id		INTEGER PRIMARY KEY,
	slot_id		INTEGER NOT NULL REFERENCES ad_slots (id)
			ON DELETE CASCADE,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL
			CHECK (kind IN ('image', 'code', 'slider')),
	image_url	TEXT,
	link_url	TEXT,
	alt		TEXT,
	code		TEXT,
	slider_id	INTEGER REFERENCES sliders (id) ON DELETE CASCADE,
	weight		INTEGER NOT NULL DEFAULT 1
			CHECK (weight BETWEEN 1 AND 1000),
	starts_at	INTEGER,
	ends_at		INTEGER,
	section_id	INTEGER REFERENCES sections (id) ON DELETE CASCADE,
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX ads_slot ON ads (slot_id, active);
CREATE INDEX ads_slider ON ads (slider_id);
CREATE INDEX ads_section ON ads (section_id);
