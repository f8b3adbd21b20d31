using System.Text.RegularExpressions;

namespace Studio.Core.Scripts.Validation;

/// <summary>Warns about absolute advertising terms in anything a member reads or hears (广告法 第九条(三)).</summary>
internal static partial class AbsoluteTermLint
{
    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Placeholder();

    public static void Check(ValidationContext context)
    {
        var allowed = AbsoluteTerms.DefaultAllowed.Concat(context.Script.AllowedTerms).Concat(context.Options.AllowedTerms).ToList();
        foreach (var text in ScriptTexts.All(context.Script).Where(t => t.IsProse))
        {
            // A placeholder's value is not the marketer's wording: keep terms from joining across it.
            var prose = Placeholder().Replace(text.Text, "…");
            var findings = AbsoluteTerms.Find(prose, allowed);
            if (findings.Count == 0)
            {
                continue;
            }
            var quoted = findings.DistinctBy(f => f.Term).Select(f => $"'{f.Term}' in \"{Snippet(prose, f)}\"");
            var strict = findings.Any(f => f.IsStrict)
                ? "; health, medical and financial-return claims cannot be allowlisted"
                : "";
            var message = findings.DistinctBy(f => f.Term).Count() == 1
                ? $"absolute advertising term {quoted.Single()} (广告法 第九条): reword it, or add the lawful phrase to allowedTerms{strict}"
                : $"absolute advertising terms {string.Join(", ", quoted)} (广告法 第九条): reword them, or add the lawful phrases to allowedTerms{strict}";
            context.Warning(DiagnosticCodes.AbsoluteTerm, message, text.Path, text.NodeId);
        }
    }

    /// <summary>The term with a few characters either side, so the marketer sees the phrase to fix.</summary>
    private static string Snippet(string text, AbsoluteTerms.Finding finding)
    {
        const int around = 4;
        var start = Math.Max(0, finding.Index - around);
        var end = Math.Min(text.Length, finding.Index + finding.Term.Length + around);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }
}
