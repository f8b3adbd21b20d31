namespace Studio.Cli.Tests;

/// <summary>
/// <c>studio call</c>: the jambonz endpoint hosted in-process on 127.0.0.1, dialled by the emulator, with typed
/// caller lines piped in.
/// </summary>
public sealed class CallCommandTests
{
    private static readonly string Dormant = Path.Combine(FindRoot(), "scripts-library", "dormant-reactivation.json");

    [Fact]
    public void A_piped_call_runs_to_the_scripts_end_over_the_emulated_gateway()
    {
        var run = Cli.RunWithInput("是我,什么事\n是的,你加吧\n",
            "call", Dormant, "--member", "id=dr-1", "--member", "surname=张", "--member", "title=女士", "--member", "phone=13812341234", "--arm", "A");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("bot> 您好,我是速品女装会员中心的智能客服小速。", run.OutLines);
        Assert.Contains("bot> 请问是张女士吗?", run.OutLines);
        Assert.Contains(run.OutLines, l => l.Contains("三十元无门槛", StringComparison.Ordinal)); // what TTS says
        Assert.Contains("you> 是的,你加吧", run.OutLines);
        Assert.Contains(run.OutLines, l => l.Contains("[call ended: app-hangup]", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("outcome wecom_add_consent", StringComparison.Ordinal) && l.Contains("action wecom_add", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("our processing: 3 acks", StringComparison.Ordinal));
        Assert.DoesNotContain("13812341234", run.Out);
    }

    [Fact]
    public void Silence_keys_and_the_end_of_input_reach_the_call()
    {
        var run = Cli.RunWithInput("/dtmf 9\n/silence\n", "call", Dormant, "--member", "surname=张", "--member", "title=女士");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(run.OutLines, l => l.Contains("不好意思没听清", StringComparison.Ordinal)); // key 9 maps to nothing
        Assert.Contains(run.OutLines, l => l.Contains("outcome", StringComparison.Ordinal));
    }

    [Fact]
    public void The_end_of_input_hangs_up()
    {
        var run = Cli.RunWithInput("", "call", Dormant);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(run.OutLines, l => l.Contains("[call ended: caller-hangup]", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("outcome hangup", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_script_is_a_usage_error()
    {
        var run = Cli.Run("call", "no-such-script.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error);
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
