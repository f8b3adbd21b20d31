namespace Studio.Nlu;

/// <summary>Names of the recognisers that can decide an intent, as reported in IntentResult.DecidedBy.</summary>
public static class DecidedBy
{
    public const string Rule = "rule";
    public const string Ml = "ml";
    public const string Llm = "llm";
    public const string Dtmf = "dtmf";
}
