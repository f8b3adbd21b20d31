using System.Globalization;
using System.Resources;

namespace Studio.Web.Components.Review;

/// <summary>Resource marker for the review and simulation pages' text (ReviewText.resx: zh-CN, ReviewText.en.resx: English).</summary>
public sealed class ReviewText
{
    // The same resources IStringLocalizer<ReviewText> reads, for the static helpers (ReviewFormat) that are called
    // outside a component and have no localizer injected.
    private static readonly ResourceManager Resources = new(typeof(ReviewText).FullName!, typeof(ReviewText).Assembly);

    /// <summary>The text of <paramref name="name"/> in the current UI culture; the name itself when there is none.</summary>
    public static string Get(string name) => Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name;
}
