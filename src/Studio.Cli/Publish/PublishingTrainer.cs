using Studio.Runtime.Publishing;

namespace Studio.Cli.Publish;

/// <summary>The NLU trainer the CLI publishes with: the real pipeline, as the runtime's API does.</summary>
internal static class PublishingTrainer
{
    public static INluModelTrainer Create() => new ScriptNluTrainer();
}
