namespace Moderation.DemoSite.Articles;

/// <summary>The stories the demo site publishes. The places and people are invented.</summary>
public static class Newsroom
{
    public static readonly Article RiverAccord = new(
        "saran-basin-water-accord",
        "World",
        "Six nations agree to share the Saran river's dry-season water",
        "After eleven years of talks, the countries of the Saran basin sign a treaty that sets how much water each may draw when the river runs low.",
        "By Lena Okafor, environment correspondent",
        new DateOnly(2026, 11, 28),
        [
            "Delegates from the six countries that share the Saran river basin signed an accord on Friday that for the first time fixes how the river's water is divided in the dry months, when its flow can fall to a fifth of the wet-season peak.",
            "The agreement, reached in the lakeside town of Vell after a final round of talks that ran through the night, replaces a patchwork of bilateral deals that farmers downstream say left them with dry canals in three of the last five summers.",
            "Under the treaty, each country's share is set as a percentage of the river's measured flow rather than as a fixed volume, so that cuts in a drought fall on everyone at once. A joint commission will publish the readings of twenty gauging stations every day, and any country may ask for an independent check of another's.",
            "\"For the first time a farmer at the mouth of the river can look up the same number as a minister at its source,\" said Amara Deng, who led the downstream delegation. \"That is what trust looks like in practice.\"",
            "Not everyone is convinced. Hydrologists at the University of Tarn warned that the gauging network has gaps in the mountain tributaries, where most of the dry-season water comes from, and that the commission's budget covers only two years. Fishing communities on the delta, who were not at the table, said the accord says little about the minimum flow the estuary needs to keep salt water out.",
            "The treaty must now be ratified by each country's parliament. Its drafters hope it will be in force before the next dry season begins in May.",
        ]);

    public static IReadOnlyList<Article> All { get; } = [RiverAccord];

    public static Article? Find(string slug) => All.FirstOrDefault(a => a.Slug == slug);
}
