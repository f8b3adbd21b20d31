namespace Studio.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_command_with_a_description()
    {
        var run = Cli.Run("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "lint", "test", "chat", "render" })
        {
            Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal) && l.Trim().Length > command.Length + 12);
        }
    }

    [Fact]
    public void A_command_has_its_own_help()
    {
        var run = Cli.Run("chat", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--member", run.Out, StringComparison.Ordinal);
        Assert.Contains("--arm", run.Out, StringComparison.Ordinal);
        Assert.Contains("--channel", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("lint", "--frobnicate", "x.json")]
    [InlineData("chat", "s.json", "--channel", "fax")]
    [InlineData("chat", "s.json", "--seed", "minus-one")]
    [InlineData("render")]
    [InlineData]
    public void Usage_errors_exit_2_with_a_short_message_and_no_stack_trace(params string[] args)
    {
        var run = Cli.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("studio: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.True(run.ErrorLines.Length <= 2, run.Error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_named_in_the_message()
    {
        var run = Cli.Run("lint", "--frobnicate", "x.json");

        Assert.Contains("--frobnicate", run.ErrorLines[0], StringComparison.Ordinal);
    }
}
