using Studio.Runtime.Publishing;

namespace Studio.Cli.Publish;

/// <summary>The NLU trainer the CLI publishes with.</summary>
internal static class PublishingTrainer
{
    public static INluModelTrainer Create() => NoNluModelTrainer.Instance;
}
