using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Studio.Core.Testing.Stories;
using Studio.Voice.Emulator;
using Xunit.Abstractions;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>
/// Every verb our endpoint emits, across full calls of every scripts-library voice script (each of its stories,
/// played as a call) plus transfers, failed transfers and barge-in variants, validated by node with
/// <c>@jambonz/verb-specifications</c> — the validator jambonz itself applies to application JSON.
/// Needs node and npm: without them the test fails (it never skips).
/// </summary>
public sealed class VerbSpecificationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string VerbSpec = Path.Combine(VoiceScripts.Root, "tests", "Studio.Runtime.Tests", "Channels", "Voice", "verbspec");
    private VoiceTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VoiceTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_verb_of_every_library_voice_call_passes_the_published_jambonz_specification()
    {
        EnsureValidatorInstalled();

        var acks = new JsonArray();
        var calls = 0;
        var outcomesChecked = 0;
        var emulator = _host.Emulator();
        Assert.NotEmpty(VoiceScripts.VoiceScriptIds);
        foreach (var scriptId in VoiceScripts.VoiceScriptIds)
        {
            var stories = StoryRunner.Parse(await File.ReadAllTextAsync(Path.Combine(VoiceScripts.Library, scriptId + ".stories.yaml")));
            foreach (var story in stories.Stories)
            {
                var setup = Setup(scriptId, story);
                var record = await emulator.PlaceCallAsync(setup, new ScriptedCaller(Caller(story)));
                var conversation = await _host.Handler.WaitForEndAsync(setup.CallSid, TimeSpan.FromSeconds(10));
                Assert.Empty(record.Violations);
                var expected = story.Outcome ?? story.Steps.LastOrDefault(s => s.Outcome is not null)?.Outcome;
                if (expected is not null)
                {
                    // The story's outcome, reached over the wire exactly as in the engine's own story run.
                    Assert.True(expected == conversation.Outcome, $"{scriptId} / {story.Name}: outcome {conversation.Outcome}, story expects {expected}");
                    outcomesChecked++;
                }
                Collect(acks, record);
                calls++;
            }
        }

        // Transfers (answered and not), barge-in off, silence to the end: the verbs the stories do not reach.
        foreach (var (script, result, caller) in new (string, string, CallerAction[])[]
        {
            (VoiceScripts.DormantWithTransfer, "completed", [CallerAction.Say("是我"), CallerAction.Say("转人工")]),
            (VoiceScripts.DormantWithUnknownQueue, "no-answer", [CallerAction.Say("是我"), CallerAction.Say("转人工")]),
            (VoiceScripts.DormantNoBargeIn, "completed", [CallerAction.Say("是我"), CallerAction.Silence(), CallerAction.Silence()]),
        })
        {
            var transferEmulator = _host.Emulator(o => new() { Endpoint = o.Endpoint, Username = o.Username, Password = o.Password, DialResult = result });
            var setup = CallSetup.Outbound(script, "vs-" + calls, arms: new Dictionary<string, string> { ["dormant-framing"] = "B" });
            Collect(acks, await transferEmulator.PlaceCallAsync(setup, new ScriptedCaller(caller)));
            calls++;
        }

        var file = Path.Combine(Path.GetTempPath(), $"studio-jambonz-verbs-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, acks.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        try
        {
            var (exit, stdout, stderr) = Run("node", $"validate.js \"{file}\"", VerbSpec, TimeSpan.FromMinutes(1));
            output.WriteLine($"{calls} calls, {acks.Count} acks, outcomes checked: {outcomesChecked}");
            output.WriteLine(stdout);
            Assert.True(exit == 0, $"verbs rejected by @jambonz/verb-specifications:\n{stdout}\n{stderr}");

            using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            var root = summary.RootElement;
            Assert.Equal(acks.Count, root.GetProperty("acks").GetInt32());
            var sent = acks.Sum(a => a!["data"] is JsonArray d ? d.Count : 0);
            Assert.Equal(sent, root.GetProperty("verbs").GetInt32());
            var counts = root.GetProperty("counts");
            foreach (var verb in new[] { "config", "say", "gather", "dial", "hangup" })
            {
                Assert.True(counts.TryGetProperty(verb, out var n) && n.GetInt32() > 0, $"no {verb} verb was validated");
            }
            Assert.True(outcomesChecked >= 40, $"only {outcomesChecked} story outcomes were checked");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_validator_rejects_a_verb_jambonz_would_reject()
    {
        EnsureValidatorInstalled();
        var bad = new JsonArray(
            new JsonObject { ["type"] = "ack", ["msgid"] = "m1", ["data"] = new JsonArray(new JsonObject { ["verb"] = "gather", ["bargein"] = "yes", ["input"] = new JsonArray("speech"), ["actionHook"] = "/turn", ["timeout"] = 5 }) },
            new JsonObject { ["type"] = "ack", ["msgid"] = "m2", ["data"] = new JsonArray(new JsonObject { ["verb"] = "dial" }) },
            new JsonObject { ["type"] = "ack", ["msgid"] = "m3", ["data"] = new JsonArray(new JsonObject { ["verb"] = "speak", ["text"] = "hi" }) });
        var file = Path.Combine(Path.GetTempPath(), $"studio-jambonz-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, bad.ToJsonString());
        try
        {
            var (exit, stdout, _) = Run("node", $"validate.js \"{file}\"", VerbSpec, TimeSpan.FromMinutes(1));
            Assert.Equal(1, exit);
            using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            Assert.Equal(3, summary.RootElement.GetProperty("errors").GetArrayLength());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static CallSetup Setup(string scriptId, Story story)
    {
        var member = (story.Member ?? []).Where(p => p.Key != "id").ToDictionary();
        var memberId = story.Member is { } m && m.TryGetValue("id", out var id) ? id : "story-member";
        var setup = CallSetup.Outbound(scriptId, memberId, "verbspec", member, story.Arms, seed: story.Seed);
        if (story.Variables is { Count: > 0 } variables)
        {
            var vars = new JsonObject();
            foreach (var (name, value) in variables)
            {
                vars[name] = value;
            }
            setup.CustomerData["variables"] = vars;
        }
        return setup;
    }

    private static IEnumerable<CallerAction> Caller(Story story)
    {
        foreach (var step in story.Steps)
        {
            if (step.User is { } text)
            {
                yield return CallerAction.Say(text, step.Confidence ?? 0.9);
            }
            else if (step.NoInput == true)
            {
                yield return CallerAction.Silence();
            }
            else if (step.Dtmf is { } digits)
            {
                yield return CallerAction.Keys(digits);
            }
            else if (step.Hangup == true)
            {
                yield return CallerAction.HangUp();
            }
        }
    }

    private static void Collect(JsonArray acks, CallRecord record)
    {
        foreach (var ack in record.Acks)
        {
            acks.Add(ack.DeepClone());
        }
    }

    /// <summary>node must be there; the npm package is installed from the committed lock file when missing.</summary>
    private static void EnsureValidatorInstalled()
    {
        try
        {
            var (exit, version, _) = Run("node", "--version", VerbSpec, TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, "node --version failed");
            Assert.True(int.Parse(version.Trim().TrimStart('v').Split('.')[0], System.Globalization.CultureInfo.InvariantCulture) >= 18, $"node {version.Trim()} is too old: 18 or later is needed");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("node is not installed, and the jambonz verb validation needs it (with npm): install Node.js 18+ (Debian: apt-get install nodejs npm) and run the tests again.");
        }
        if (File.Exists(Path.Combine(VerbSpec, "node_modules", "@jambonz", "verb-specifications", "package.json")))
        {
            return;
        }
        var npm = Run("npm", "ci --no-audit --no-fund", VerbSpec, TimeSpan.FromMinutes(5));
        Assert.True(npm.Exit == 0, $"npm ci in {VerbSpec} failed:\n{npm.Stdout}\n{npm.Stderr}");
    }

    private static (int Exit, string Stdout, string Stderr) Run(string file, string arguments, string directory, TimeSpan timeout)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(file, arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {arguments} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
