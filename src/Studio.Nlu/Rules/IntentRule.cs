using System.Text.RegularExpressions;

namespace Studio.Nlu.Rules;

public enum RuleKind
{
    /// <summary>The whole normalised utterance equals the text (a script example, 嗯, 不).</summary>
    Phrase,

    /// <summary>The text occurs anywhere in the utterance.</summary>
    Keyword,

    /// <summary>A regular expression over the normalised utterance.</summary>
    Pattern,
}

/// <summary>Where a rule comes from: built into the product, or written by the marketer in the script.</summary>
public enum RuleSource
{
    System,
    Script,
}

/// <summary>
/// One rule of the rule recogniser. <see cref="Priority"/> orders intents when several match (an opt-out
/// beats a yes); among rules of one intent the longer match is the more specific. <see cref="Polite"/>
/// marks words said out of courtesy (好的, 谢谢) that lose to any other intent found in the same reply.
/// </summary>
public sealed record IntentRule(string Intent, RuleKind Kind, string Text, int Priority, RuleSource Source)
{
    public Regex? Regex { get; init; }

    public bool Polite { get; init; }

    /// <summary>Whether the keyword itself carries a negation (不需要, 没兴趣): the double-negation check applies to it.</summary>
    public bool Negative => Text.Length > 1 && Text[0] is '不' or '没' or '别' && Kind != RuleKind.Pattern;

    public string Describe() => $"{(Source == RuleSource.System ? "system" : "script")} {Kind.ToString().ToLowerInvariant()} '{Text}' → {Intent}";
}
