namespace Studio.Core.Scripts;

/// <summary>Stable codes of every diagnostic; docs/script-format.md lists them with examples.</summary>
public static class DiagnosticCodes
{
    // Reading the document (SS0xx)
    public const string MalformedJson = "SS001";
    public const string UnsupportedFormat = "SS002";
    public const string UnknownNodeKind = "SS003";
    public const string InvalidValue = "SS004";

    /// <summary>Also reported by the validator for scripts built in code.</summary>
    public const string MissingNodeId = "SS005";

    // Validation errors: they block publishing (SS1xx)
    public const string NoNodes = "SS100";
    public const string NoChannels = "SS101";
    public const string DuplicateNodeId = "SS102";
    public const string DanglingRoute = "SS103";
    public const string UnreachableNode = "SS104";
    public const string MissingRoute = "SS105";
    public const string SplitWeights = "SS106";
    public const string InvalidSplit = "SS107";
    public const string UnknownTemplateVariable = "SS108";
    public const string InvalidExpression = "SS109";
    public const string LoopWithoutWait = "SS110";
    public const string EndWithoutOutcome = "SS111";
    public const string UnknownIntent = "SS112";
    public const string InvalidOffer = "SS113";
    public const string UnknownIncentive = "SS114";
    public const string IncompleteIncentive = "SS115";
    public const string UndeclaredVariable = "SS116";
    public const string DuplicateName = "SS117";
    public const string InvalidGrade = "SS118";
    public const string ReturnWithoutCaller = "SS119";
    public const string MissingName = "SS120";

    // Lints: warnings that need an acknowledgement before publishing (SS2xx)
    public const string LongVoicePrompt = "SS200";
    public const string AbsoluteTerm = "SS201";
    public const string NoAiDisclosure = "SS202";
    public const string OptOutUnreachable = "SS203";
    public const string NoRobotAnswer = "SS204";
    public const string UnusedRoute = "SS205";
    public const string OptOutNotHonoured = "SS206";
}
