using System.Globalization;
using System.Resources;
using Studio.Core.Scripts;
using Studio.Web.Localization;

namespace Studio.Web.Components.Designer;

/// <summary>Resource marker for the designer's text (DesignerText.resx: zh-CN, DesignerText.en.resx: English).</summary>
public sealed class DesignerText
{
    // The same resources IStringLocalizer<DesignerText> reads, for the static helpers (ports, kinds, canvas summaries)
    // that are called outside a component and have no localizer injected.
    private static readonly ResourceManager Resources = new(typeof(DesignerText).FullName!, typeof(DesignerText).Assembly);

    /// <summary>The text of <paramref name="name"/> in the current UI culture; the name itself when there is none.</summary>
    public static string Get(string name) => Find(name) ?? name;

    /// <summary>The text of <paramref name="name"/> in the current UI culture, or null when no resource (not even zh-CN) has it.</summary>
    public static string? Find(string name) => Resources.GetString(name, CultureInfo.CurrentUICulture);

    /// <summary>
    /// A validator diagnostic in the UI's language. The pure core writes English with the specifics (node, port, value);
    /// zh-CN reads a Chinese rendering of its code ("Diagnostic.SSxxx", zh-CN resources only) and English the message as is.
    /// </summary>
    public static string DiagnosticMessage(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return StudioCultures.IsEnglish ? diagnostic.Message : Find("Diagnostic." + diagnostic.Code) ?? diagnostic.Message;
    }
}
