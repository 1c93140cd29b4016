/*
 * demo.c -- the demo site's content, as data.
 *
 * Everything is in tables (sections, authors, articles) walked by one
 * loader, so changing the demo means editing text, not code.  Sample
 * stories are invented and say so: each has a title starting "Sample:",
 * a first line saying it is a sample, and places and people that do not
 * exist.  Their kickers are the labels a newsroom would give such a
 * story ("Analysis", "Explainer", "Match report"), not "Sample story".
 * The two Niger articles are the exception: they are the reference page
 * of DESIGN.md, restored to what it should have looked like, and use only
 * what that page says.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "content/article.h"
#include "demo/demo.h"
#include "store/store.h"

/* Enough for every article's rendered body and its copies. */
#define DEMO_ARENA_MAX (8 * 1024 * 1024)

#define DEMO_TAGS_MAX 6

struct demo_section {
	const char *slug;
	const char *name;
	const char *description;
};

struct demo_author {
	const char *slug;
	const char *name;
	const char *bio;
};

/* A time of day in UTC. */
struct demo_time {
	int year, month, day, hour, min;
};

struct demo_article {
	const char	   *kicker;
	const char	   *title;
	const char	   *dek;
	const char	   *source_name;
	const char	   *source_url;
	int		    author;  /* index into authors[] */
	int		    section; /* index into sections[] */
	struct demo_time    when;    /* ignored for drafts */
	enum article_status status;
	int		    related;		 /* earlier index, or -1 */
	const char	   *tags[DEMO_TAGS_MAX]; /* NULL-terminated */
	const char	   *body;		 /* Markdown */
};

enum {
	SECTION_WORLD,
	SECTION_POLITICS,
	SECTION_BUSINESS,
	SECTION_TECHNOLOGY,
	SECTION_SPORT,
	SECTION__MAX
};

static const struct {
	const char *key;
	const char *value;
} settings[] = {
	{ "title", "The Nutgraf Times" },
	{ "tagline", "News that gets to the point (demo site)" },
};

/* In navigation order. */
static const struct demo_section sections[SECTION__MAX] = {
	{ "world", "World", "News from around the world." },
	{ "politics", "Politics", "Governments, parliaments and elections." },
	{ "business", "Business", "Companies, markets and the economy." },
	{ "technology", "Technology", "Science, software and the internet." },
	{ "sport", "Sport", "Results, reports and previews." },
};

enum {
	AUTHOR_DESK,
	AUTHOR_ALEX,
	AUTHOR_JORDAN,
	AUTHOR_MORGAN,
	AUTHOR__MAX
};

static const struct demo_author authors[AUTHOR__MAX] = {
	{ "news-desk", "News Desk",
	    "Stories from the newsroom and its syndication partners." },
	{ "alex-sample", "Alex Sample",
	    "Alex Sample is a demo author: a fictional reporter invented for "
	    "the nutgraf demo site, covering world news." },
	{ "jordan-placeholder", "Jordan Placeholder",
	    "Jordan Placeholder is a demo author: a fictional reporter "
	    "invented for the nutgraf demo site, covering politics and "
	    "business." },
	{ "morgan-example", "Morgan Example",
	    "Morgan Example is a demo author: a fictional reporter invented "
	    "for the nutgraf demo site, covering technology and sport." },
};

#define SAMPLE_NOTE                                                      \
	"*This is a sample story on the nutgraf demo site. The places, " \
	"people and figures in it are invented.*"

/*
 * Articles are saved in this order, so an article's related pick must
 * come before it (the loader checks).  The first two are the reference
 * page and the article its "ALSO READ" line pointed to.
 */
static const struct demo_article articles[] = {
	/*
	 * The article the seed page's "ALSO READ" line named.  Every fact
	 * in it is stated on the seed page; the date is the middle of the
	 * month the seed says the agreement was cancelled in.
	 */
	{ "", "Niger Breaks Off Military Deal With US",
	    "Niger\xe2\x80\x99s military junta has cancelled its military "
	    "cooperation agreement with the United States",
	    "", "", AUTHOR_DESK, SECTION_WORLD, { 2024, 3, 17, 12, 0 },
	    ARTICLE_PUBLISHED, -1, { "Niger", "United States", "Sahel", NULL },
	    "The military junta in Niger has cancelled its military "
	    "cooperation agreement with the US.\n\n"
	    "Spokesman Amadou Abdramane justified the termination with "
	    "reference to \xe2\x80\x9c"
	    "condescending behaviour\xe2\x80\x9d "
	    "and an alleged threat of reprisals by a US delegation.\n\n"
	    "The military seized power in Niger in July 2023. Discussions "
	    "with the junta since then have failed to settle on a form of "
	    "security cooperation that can meet the needs and concerns of "
	    "both sides.\n\n"
	    "Niger was a hub for the US military\xe2\x80\x99s "
	    "counter-terrorism operations in the Sahel region. More than "
	    "1,000 US soldiers are stationed there, according to data from "
	    "last year.\n" },

	/*
	 * The reference page (DESIGN.md), as it should have looked: the
	 * body paragraphs verbatim, without the "ALSO READ" line (now the
	 * related pick, articles[0]); the "Advertisements" labels over the
	 * unrendered [soliloquy] shortcodes became two ad slots showing
	 * sliders of house ads (demo_ads.c), placed between paragraphs
	 * (after the third and the seventh) rather than back to back after
	 * the last one, where the seed had them.  The seed carries no date;
	 * its "statement on Wednesday" and the New York Times report "on
	 * Thursday" fit Thursday 25 April 2024, so that is the date used.
	 */
	{ "",
	    "US to Negotiate Troop Withdrawal from Niger Amid Military "
	    "Leadership Talks",
	    "The US State Department has announced that talks on a possible "
	    "withdrawal would begin this week and next week in the capital "
	    "Niamey",
	    "Asian Lite News", "", AUTHOR_DESK, SECTION_WORLD,
	    { 2024, 4, 25, 10, 0 }, ARTICLE_PUBLISHED, 0,
	    { "Niger", "United States", "Sahel", "Russia", NULL },
	    "The US is preparing to negotiate with the military leadership "
	    "in Niger about the \xe2\x80\x9corganized and responsible "
	    "withdrawal\xe2\x80\x9d of its troops from the country.\n\n"
	    "More than 1,000 US soldiers are stationed there, according to "
	    "data from last year.\n\n"
	    "The US State Department has announced that talks on a possible "
	    "withdrawal would begin this week and next week in the capital "
	    "Niamey.\n\n"
	    "[ad slot=\"" DEMO_AD_SLOT_1 "\"]\n\n"
	    "Discussions with the military junta, ongoing since July 2023, "
	    "have failed to settle on a form of security cooperation that "
	    "can meet the needs and concerns of both sides, the State "
	    "Department said in a statement on Wednesday.\n\n"
	    "Niger was a hub for the US military\xe2\x80\x99s "
	    "counter-terrorism operations in the Sahel region, but "
	    "Washington\xe2\x80\x99s withdrawal comes in response to a demand "
	    "by the military leadership which seized power in July 2023.\n\n"
	    "The junta cancelled a military cooperation agreement with the "
	    "US in March, and spokesman Amadou Abdramane justified the "
	    "termination with reference to \xe2\x80\x9c"
	    "condescending "
	    "behaviour\xe2\x80\x9d and an alleged threat of reprisals by a "
	    "US delegation.\n\n"
	    "US media have already reported on the withdrawal plans and on "
	    "Thursday, the New York Times said the Pentagon will also "
	    "withdraw dozens of US special forces from neighbouring Chad in "
	    "the days ahead.\n\n"
	    "[ad slot=\"" DEMO_AD_SLOT_2 "\"]\n\n"
	    "Before the military took power, Niger was seen as a close ally "
	    "in the fight against terrorism and illegal migration to Europe "
	    "and a last democratic partner to the EU and US in the "
	    "region.\n\n"
	    "The transition triggered a serious diplomatic crisis in the "
	    "region, and neighbouring Mali and Burkina Faso have also "
	    "pivoted away from the West towards Russia. Moscow sent Niger an "
	    "air defence system and 100 military trainers at the start of "
	    "the month.\n" },

	/* Sample stories, newest first. */
	{ "Report",
	    "Sample: Harbour festival draws visitors from five "
	    "countries",
	    "A made-up weekend of boats, music and food in the fictional "
	    "port of Ellery Bay",
	    "", "", AUTHOR_ALEX, SECTION_WORLD, { 2024, 4, 19, 9, 30 },
	    ARTICLE_PUBLISHED, -1, { "Culture", "Festivals", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The harbour festival in Ellery Bay closed on Sunday after three "
	    "days of boat parades, open-air concerts and market stalls along "
	    "the quay.\n\n"
	    "Organisers said visitors came from five countries this year. "
	    "The busiest day was Saturday, when the tall ships were open to "
	    "the public.\n\n"
	    "| Day | Visitors |\n"
	    "|-----|---------:|\n"
	    "| Friday | 4,200 |\n"
	    "| Saturday | 9,800 |\n"
	    "| Sunday | 7,100 |\n\n"
	    "Next year's festival is planned for the same weekend in "
	    "April.\n" },

	/*
	 * The sample without tags (no empty "Tagged:" label), recent
	 * enough to be on the front page.
	 */
	{ "Arts",
	    "Sample: Museum returns paintings after touring "
	    "exhibition",
	    "An invented collection comes home after a year on the road", "",
	    "", AUTHOR_DESK, SECTION_WORLD, { 2024, 4, 16, 15, 0 },
	    ARTICLE_PUBLISHED, -1, { NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "Forty paintings from the Halden Museum are back on its walls "
	    "after a year-long tour of six cities.\n\n"
	    "Curators checked every canvas on arrival and found them in good "
	    "condition.\n\n"
	    "The museum reopens its main gallery next month.\n" },

	{ "Feature", "Sample: Twin towns mark 25 years of partnership",
	    "Two invented towns celebrate a quarter of a century of school "
	    "exchanges and shared concerts",
	    "", "", AUTHOR_DESK, SECTION_WORLD, { 2024, 4, 12, 14, 0 },
	    ARTICLE_PUBLISHED, -1, { "Culture", "Education", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The twin towns of Marrow Ford and Saint Aubel marked 25 years "
	    "of partnership with a joint concert on the bridge that links "
	    "their two river banks.\n\n"
	    "Since the partnership began, the towns have:\n\n"
	    "- exchanged more than 3,000 pupils,\n"
	    "- founded a shared youth orchestra, and\n"
	    "- planted an avenue of lime trees, one for each year.\n\n"
	    "The mayors said the next project would be a bilingual town "
	    "library.\n" },

	{ "Travel", "Sample: Mountain railway reopens after winter works",
	    "Trains return to the fictional Grey Peak line after four months "
	    "of track repairs",
	    "", "", AUTHOR_ALEX, SECTION_WORLD, { 2024, 4, 5, 8, 0 },
	    ARTICLE_PUBLISHED, -1, { "Transport", "Railways", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The Grey Peak mountain railway reopened on Friday after its "
	    "annual winter maintenance, which this year replaced two "
	    "kilometres of rack track.\n\n"
	    "The first train of the season left the valley station at eight "
	    "in the morning, carrying walkers, skiers and a brass band.\n\n"
	    "The operator said timetables would run at the summer frequency "
	    "of one train every 40 minutes from May.\n" },

	{ "Environment",
	    "Sample: Volunteers plant 10,000 trees along river valley",
	    "An invented reforestation weekend in the Lune valley, written "
	    "to fill the demo site",
	    "", "", AUTHOR_JORDAN, SECTION_WORLD, { 2024, 3, 29, 11, 0 },
	    ARTICLE_PUBLISHED, -1, { "Environment", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "More than 600 volunteers planted 10,000 saplings along the "
	    "banks of the Lune over the weekend, the largest planting day in "
	    "the valley's history.\n\n"
	    "The species were chosen to suit the wet soil:\n\n"
	    "1. alder, for the water's edge,\n"
	    "2. willow, for the flood meadows, and\n"
	    "3. oak, for the higher ground.\n\n"
	    "The organisers will return in the autumn to replace any trees "
	    "that did not take.\n" },

	{ "Science",
	    "Sample: Regional weather office opens new forecasting "
	    "centre",
	    "A fictional weather service moves into a building with a "
	    "rooftop observatory",
	    "", "", AUTHOR_DESK, SECTION_WORLD, { 2024, 3, 21, 10, 0 },
	    ARTICLE_PUBLISHED, -1, { "Weather", "Science", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The Northern Coast weather office has moved into a new "
	    "forecasting centre with a rooftop observatory and a public "
	    "visitor room.\n\n"
	    "Forecasters said the move would let them launch weather "
	    "balloons twice a day instead of once.\n\n"
	    "The visitor room opens on weekends and shows live readings from "
	    "the roof.\n" },

	{ "Explainer", "Sample: Border towns launch a shared bus pass",
	    "One ticket now covers buses in two invented neighbouring towns",
	    "", "", AUTHOR_ALEX, SECTION_WORLD, { 2024, 3, 8, 7, 45 },
	    ARTICLE_PUBLISHED, -1, { "Transport", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "Passengers in Westerholt and Oostdam can now use one pass on "
	    "the buses of both towns, ending a decade of separate "
	    "tickets.\n\n"
	    "| Pass | Price |\n"
	    "|------|------:|\n"
	    "| Day | 4.00 |\n"
	    "| Week | 18.00 |\n"
	    "| Month | 60.00 |\n\n"
	    "The towns said the prices would be reviewed after one year.\n" },

	{ "Culture", "Sample: Library exchange doubles its book loans",
	    "A made-up network of libraries in three countries shares more "
	    "books than ever",
	    "", "", AUTHOR_JORDAN, SECTION_WORLD, { 2024, 3, 1, 9, 0 },
	    ARTICLE_PUBLISHED, -1, { "Culture", "Education", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The Three Rivers library exchange lent twice as many books "
	    "across its borders last year as the year before.\n\n"
	    "Readers can ask for any book in the network's shared catalogue "
	    "and collect it at their local branch within a week.\n\n"
	    "The most borrowed titles were cookery books and travel "
	    "guides.\n" },

	{ "Exclusive", "Sample: Coastal towns agree a shared ferry timetable",
	    "Ferries in an invented archipelago will leave on the hour", "", "",
	    AUTHOR_ALEX, SECTION_WORLD, { 2024, 2, 14, 12, 0 },
	    ARTICLE_PUBLISHED, -1, { "Transport", "Ferries", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The five island councils of the Skerry archipelago have agreed "
	    "a single ferry timetable, with departures on the hour from "
	    "every harbour.\n\n"
	    "Until now each operator set its own times, and travellers often "
	    "waited hours to change boats.\n\n"
	    "The new timetable starts with the summer season.\n" },

	{ "Analysis", "Sample: City council approves new cycle lanes",
	    "Three protected routes for a fictional city centre, to be built "
	    "over two years",
	    "", "", AUTHOR_JORDAN, SECTION_POLITICS, { 2024, 2, 6, 18, 30 },
	    ARTICLE_PUBLISHED, -1,
	    { "Transport", "Cycling", "Local council", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The council of Brindlemouth voted on Tuesday to build three "
	    "protected cycle lanes through the city centre.\n\n"
	    "| Route | Length | Opens |\n"
	    "|-------|-------:|-------|\n"
	    "| Station to harbour | 2.1 km | 2024 |\n"
	    "| Market Street | 1.4 km | 2025 |\n"
	    "| University loop | 3.0 km | 2025 |\n\n"
	    "The plan also includes:\n\n"
	    "- 400 new cycle parking spaces,\n"
	    "- slower speed limits on two streets, and\n"
	    "- a review after the first year.\n\n"
	    "The vote passed by 31 votes to 12.\n" },

	{ "Results",
	    "Sample: Quarterly figures show a busy season for bakery "
	    "cooperative",
	    "An invented cooperative of village bakeries reports its "
	    "numbers",
	    "", "", AUTHOR_JORDAN, SECTION_BUSINESS, { 2024, 1, 30, 16, 0 },
	    ARTICLE_PUBLISHED, -1, { "Small business", "Food", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The Hollow Lane bakery cooperative, owned by its 14 member "
	    "bakeries, sold more bread in the last quarter than in any "
	    "before.\n\n"
	    "| Product | Loaves sold |\n"
	    "|---------|------------:|\n"
	    "| Sourdough | 18,400 |\n"
	    "| Rye | 9,250 |\n"
	    "| Seeded | 6,900 |\n\n"
	    "The cooperative said it would use the surplus to buy a shared "
	    "delivery van.\n" },

	{ "Digital life", "Sample: Town library starts lending laptops",
	    "Residents of a fictional town can now borrow a computer like a "
	    "book",
	    "", "", AUTHOR_MORGAN, SECTION_TECHNOLOGY, { 2024, 1, 19, 10, 15 },
	    ARTICLE_PUBLISHED, -1, { "Libraries", "Computers", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "The public library of Kestrel Hill has begun lending laptops "
	    "for up to two weeks at a time.\n\n"
	    "To borrow one, readers need:\n\n"
	    "- a library card,\n"
	    "- proof of address, and\n"
	    "- to sign the lending agreement.\n\n"
	    "Librarians will also run a weekly drop-in session for anyone "
	    "who wants help getting started.\n" },

	{ "Match report", "Sample: Amateur rowing club wins regional regatta",
	    "The invented Millbrook Rowing Club takes three of five races", "",
	    "", AUTHOR_MORGAN, SECTION_SPORT, { 2024, 1, 8, 17, 0 },
	    ARTICLE_PUBLISHED, -1, { "Rowing", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "Millbrook Rowing Club won three of the five races at the winter "
	    "regatta on Saturday, its best result in a decade.\n\n"
	    "| Race | Winner | Time |\n"
	    "|------|--------|-----:|\n"
	    "| Single sculls | Millbrook | 7:58 |\n"
	    "| Double sculls | Riverside | 7:21 |\n"
	    "| Coxless four | Millbrook | 6:49 |\n"
	    "| Coxed four | Millbrook | 6:55 |\n"
	    "| Eight | Riverside | 6:12 |\n\n"
	    "The club's coach thanked the volunteers who kept the boathouse "
	    "open through the winter.\n" },

	/* A draft: must never be visible to readers. */
	{ "Profile", "Sample draft (not published)",
	    "An unfinished sample story about a community radio station, "
	    "kept as a draft",
	    "", "", AUTHOR_MORGAN, SECTION_TECHNOLOGY, { 0, 0, 0, 0, 0 },
	    ARTICLE_DRAFT, -1, { "Radio", NULL },
	    SAMPLE_NOTE
	    "\n\n"
	    "This draft is not finished and is not published. Readers of "
	    "the demo site should never see it.\n" },
};

#define NARTICLES (sizeof(articles) / sizeof(articles[0]))

/*
 * Seconds since the epoch of a UTC civil time: days before the month from
 * the proleptic Gregorian calendar (Howard Hinnant's days_from_civil), so
 * the demo's dates do not depend on the process's time zone.
 */
static int64_t
utc(const struct demo_time *t)
{
	int64_t y, era, yoe, doy, doe, days;
	int	m = t->month;

	y = t->year - (m <= 2);
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + t->day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + t->hour * 3600 + t->min * 60;
}

static void
seterr(char *errbuf, size_t errsz, const char *what, const char *name,
    enum ng_err err)
{
	if (errsz > 0)
		snprintf(errbuf, errsz, "%s \"%s\": %s", what, name,
		    ng_strerror(err));
}

static enum ng_err
load_articles(struct arena *a, struct store *st, const char *data_dir,
    const int64_t *section_ids, const int64_t *author_ids, char *errbuf,
    size_t errsz)
{
	const struct demo_article *d;
	struct article		   art;
	struct str		   tags[DEMO_TAGS_MAX];
	int64_t			   ids[NARTICLES];
	size_t			   i, nt;
	enum ng_err		   err;

	for (i = 0; i < NARTICLES; i++) {
		d = &articles[i];
		memset(&art, 0, sizeof(art));
		art.kicker = str_c(d->kicker);
		art.title = str_c(d->title);
		art.dek = str_c(d->dek);
		art.source_name = str_c(d->source_name);
		art.source_url = str_c(d->source_url);
		art.body_md = str_c(d->body);
		art.status = d->status;
		art.comments_open = 1;
		art.author_id = author_ids[d->author];
		art.section_id = section_ids[d->section];
		if (d->status != ARTICLE_DRAFT) {
			art.published_at = utc(&d->when);
			art.created_at = art.updated_at = art.published_at;
		}
		if (d->related >= 0) {
			if ((size_t)d->related >= i) {
				/* A mistake in the table above. */
				err = NG_EINVAL;
				seterr(errbuf, errsz, "related pick of",
				    d->title, err);
				return err;
			}
			art.related_id = ids[d->related];
		}
		for (nt = 0; nt < DEMO_TAGS_MAX && d->tags[nt] != NULL; nt++)
			tags[nt] = str_c(d->tags[nt]);
		if ((err = article_save(a, st, &art, tags, nt, &ids[i])) !=
		    NG_OK) {
			seterr(errbuf, errsz, "article", d->title, err);
			return err;
		}
		if (data_dir == NULL || d->status == ARTICLE_DRAFT)
			continue;
		/* Politics and business stories are set in a city. */
		if ((err = demo_add_picture(a, st, data_dir, ids[i],
			 (unsigned)i + 1, d->section,
			 d->section == SECTION_POLITICS ||
			     d->section == SECTION_BUSINESS,
			 arena_printf(a, "Illustration for \"%s\"",
			     d->title))) != NG_OK) {
			seterr(errbuf, errsz, "picture of", d->title, err);
			return err;
		}
	}
	return NG_OK;
}

enum ng_err
demo_load(struct store *st, const char *data_dir, char *errbuf, size_t errsz)
{
	struct arena  *a;
	struct section sec;
	struct author  au;
	int64_t	       section_ids[SECTION__MAX];
	int64_t	       author_ids[AUTHOR__MAX];
	size_t	       i;
	int	       empty;
	enum ng_err    err;

	if (errsz > 0)
		errbuf[0] = '\0';
	a = arena_new(DEMO_ARENA_MAX);
	if ((err = store_is_empty(st, &empty)) != NG_OK) {
		seterr(errbuf, errsz, "checking", "store", err);
		goto out;
	}
	if (!empty) {
		err = NG_ECONFLICT;
		if (errsz > 0)
			snprintf(errbuf, errsz,
			    "the store already holds "
			    "content; the demo loads only into an empty one");
		goto out;
	}
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		if ((err = store_setting_set(st, settings[i].key,
			 str_c(settings[i].value))) != NG_OK) {
			seterr(errbuf, errsz, "setting", settings[i].key, err);
			goto out;
		}
	}
	for (i = 0; i < SECTION__MAX; i++) {
		memset(&sec, 0, sizeof(sec));
		sec.slug = str_c(sections[i].slug);
		sec.name = str_c(sections[i].name);
		sec.description = str_c(sections[i].description);
		sec.position = (int)i + 1;
		if ((err = store_section_add(st, &sec, &section_ids[i])) !=
		    NG_OK) {
			seterr(errbuf, errsz, "section", sections[i].name, err);
			goto out;
		}
	}
	for (i = 0; i < AUTHOR__MAX; i++) {
		memset(&au, 0, sizeof(au));
		au.slug = str_c(authors[i].slug);
		au.name = str_c(authors[i].name);
		au.bio = str_c(authors[i].bio);
		au.organization = i == AUTHOR_DESK;
		if ((err = store_author_add(st, &au, &author_ids[i])) !=
		    NG_OK) {
			seterr(errbuf, errsz, "author", authors[i].name, err);
			goto out;
		}
	}
	if ((err = demo_load_ads(st, errbuf, errsz)) != NG_OK)
		goto out;
	err = load_articles(a, st, data_dir, section_ids, author_ids, errbuf,
	    errsz);
	if (err == NG_OK) /* comments */
		err = demo_load_comments(st, errbuf, errsz);
out:
	arena_free(a);
	return err;
}
