using System.CommandLine;

namespace Studio.Cli.Chat;

/// <summary>Options every command that plays a conversation shares (chat, call).</summary>
internal static class ConversationOptions
{
    public static Option<string[]> Member() => new("--member", "-m")
    {
        Description = "A member attribute (repeatable): id=m-1 surname=张 title=女士 tier=VIP …",
        HelpName = "key=value",
    };

    public static Option<string[]> Arm() => new("--arm")
    {
        Description = "Force an arm: 'A' in every split, or 'experiment=A' in one experiment (repeatable)",
        HelpName = "A|experiment=A",
    };

    public static Option<ulong> Seed() => new("--seed") { Description = "Seed of variation choices (default 0)", HelpName = "N" };
}
