namespace Studio.Cli.Tests.Simulate;

public class SimulateCommandTests
{
    private static readonly string Dormant = Path.Combine(FindRoot(), "scripts-library", "dormant-reactivation.json");

    [Fact]
    public void Simulating_the_dormant_script_reports_the_funnel_per_arm_and_the_common_paths_the_same_for_a_seed()
    {
        var run = Cli.Run("simulate", Dormant, "--members", "400", "--seed", "4", "--mix", "cooperative=50,busy=20,hostile=10,silent=10,robot-asker=5,price-sensitive=5");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("Simulated 400 members, experiment 'dormant-framing'", run.OutLines[0]);
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("A ", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("B ", StringComparison.Ordinal));
        Assert.Contains("Dead ends: none", run.OutLines);
        Assert.Contains(run.OutLines, l => l.Contains("intro → confirm_identity → greet_member → split_framing", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("Recognition: ", StringComparison.Ordinal));
        Assert.Equal(run.Out, Cli.Run("simulate", Dormant, "--members", "400", "--seed", "4", "--mix", "cooperative=50,busy=20,hostile=10,silent=10,robot-asker=5,price-sensitive=5").Out);
    }

    [Fact]
    public void A_script_with_a_dead_end_fails_and_names_the_node()
    {
        using var dir = new TempDir();
        var path = dir.Write("dead.json", Scripts.Good.Replace("\"affirm\": \"add\"", "\"affirm\": \"nowhere\"", StringComparison.Ordinal));
        var run = Cli.Run("simulate", path, "--members", "200", "-r", "keyword", "--mix", "cooperative=1");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutLines, l => l.Contains("at 'nowhere': node 'nowhere' does not exist", StringComparison.Ordinal));
        Assert.Contains("hit a dead end", run.Error);
    }

    [Theory]
    [InlineData("--mix", "cooperative=40,grumpy=10", "unknown persona 'grumpy'")]
    [InlineData("--mix", "cooperative=lots", "the share of 'cooperative' must be a non-negative number")]
    [InlineData("--mix", "cooperative", "--mix expects persona=share")]
    [InlineData("--members", "0", "--members must be a positive number")]
    [InlineData("--answer-rate", "1.5", "--answer-rate must be between 0 and 1")]
    public void Bad_options_are_usage_errors_that_say_what_is_wrong(string option, string value, string message)
    {
        var run = Cli.Run("simulate", Dormant, option, value, "-r", "keyword");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void A_missing_script_is_a_usage_error()
    {
        var run = Cli.Run("simulate", "no-such-script.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found: no-such-script.json", run.Error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Studio.sln not found");
    }
}
