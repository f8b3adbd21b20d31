using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Studio.Cli.Chat;
using Studio.Core.Dialogs;
using Studio.Cli.Nlu;
using Studio.Runtime.Channels.Voice;
using Studio.Runtime.Channels.Voice.Jambonz;
using Studio.Voice.Emulator;

namespace Studio.Cli.Call;

/// <summary>
/// <c>studio call &lt;file&gt;</c>: places an emulated phone call. The jambonz endpoint of the runtime is hosted
/// in-process on 127.0.0.1 with the real engine behind it, and the jambonz emulator dials it: every line typed
/// is what the member says on the phone, and the bot's turns arrive as the verbs a real jambonz would play.
/// </summary>
public static class CallCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The script file (.json)" };
        var member = ConversationOptions.Member();
        var arm = ConversationOptions.Arm();
        var seed = ConversationOptions.Seed();
        var confidence = new Option<double>("--confidence")
        {
            Description = "ASR confidence reported for typed lines (default 0.9)",
            HelpName = "0-1",
            DefaultValueFactory = _ => 0.9,
        };
        var campaign = new Option<string?>("--campaign") { Description = "Campaign name sent in customerData", HelpName = "name" };
        var command = new Command("call", "Place an emulated phone call (jambonz emulator → in-process voice endpoint); /help lists commands")
        {
            file, member, arm, seed, confidence, campaign,
        };
        command.SetAction(result => Run(context, new CallOptions(
            result.GetRequiredValue(file),
            result.GetValue(member) ?? [],
            result.GetValue(arm) ?? [],
            result.GetValue(seed),
            result.GetValue(confidence),
            result.GetValue(campaign))).GetAwaiter().GetResult());
        return command;
    }

    public static async Task<int> Run(CliContext context, CallOptions options)
    {
        var file = context.LoadScript(options.File);
        var script = file.Script!;
        if (options.Confidence is < 0 or > 1)
        {
            throw new UsageException("--confidence must be between 0 and 1");
        }
        if (script.Channels.Count > 0 && !script.Channels.Contains(Studio.Core.Scripts.Channel.Voice))
        {
            context.Error.WriteLine("studio: warning: the script does not list the voice channel; the call runs it anyway");
        }
        var compiled = CompiledScript.Compile(script);
        // train (or load) the script's intent model before dialling, not inside the first voice turn
        var recognizer = Recognizers.Create(Recognizers.Nlu);
        Recognizers.Prepare(recognizer, compiled);
        var handler = new EngineVoiceConversationHandler(new DialogEngine(recognizer), _ => compiled);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        await using var host = await JambonzLoopbackHost.StartAsync(handler, new Dictionary<string, string?>
        {
            ["Voice:Jambonz:Token"] = token,
            ["Voice:DefaultTransferTarget:Type"] = "sip",
            ["Voice:DefaultTransferTarget:SipUri"] = "sip:agents@studio.invalid",
            ["Voice:TurnTimeout"] = "00:00:04",
            ["Voice:ReconnectGrace"] = "00:00:00.200", // nobody reconnects in a terminal call
        });
        var endpoint = host.Endpoint;
        var pairs = Pairs(options.Member, "--member").ToList();
        var memberId = pairs.FirstOrDefault(p => p.Key == "id").Value ?? "demo-member";
        var phone = pairs.FirstOrDefault(p => p.Key == "phone").Value ?? "+8613800000000";
        var setup = CallSetup.Outbound(script.Id, memberId, options.Campaign ?? "studio-call",
            pairs.Where(p => p.Key is not "id" and not "phone"), ChatCommand.ForcedArms(script, options.Arms), phone, options.Seed);

        context.Out.WriteLine(context.Dim(
            $"studio call · {(string.IsNullOrWhiteSpace(script.Name) ? script.Id : script.Name)} ({script.Id}) · member {memberId} · emulated jambonz → {endpoint} · /help for commands"));
        var caller = new TerminalCaller(context, options.Confidence);
        var emulator = new JambonzEmulator(new JambonzEmulatorOptions { Endpoint = endpoint, Token = token, Strict = false })
        {
            OnEvent = e => Print(context, e),
        };
        var record = await emulator.PlaceCallAsync(setup, caller);
        var conversation = await handler.WaitForEndAsync(setup.CallSid, TimeSpan.FromSeconds(5)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : handler.Find(setup.CallSid));
        Summary(context, record, conversation);
        return record.Violations.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Print(CliContext context, CallEvent e)
    {
        switch (e)
        {
            case CallEvent.Heard { Prompt: { InGather: false } said }:
                context.Out.WriteLine("bot> " + context.Bold(said.Text));
                break;
            case CallEvent.Heard { Prompt: { InGather: true, Interrupted: true } }:
                context.Out.WriteLine(context.Dim("     (you cut the prompt short: barge-in)"));
                break;
            case CallEvent.Listening listening:
                var gather = listening.Gather;
                if (gather.Prompt is { Length: > 0 } prompt)
                {
                    context.Out.WriteLine("bot> " + context.Bold(prompt));
                }
                context.Out.WriteLine(context.Dim($"     (listening · {gather.Timeout} s timeout · barge-in {(gather.BargeIn ? "on" : "off")} · keys {(gather.Input.Contains("digits") ? "on" : "off")})"));
                break;
            case CallEvent.Dialed dialed:
                var target = dialed.Dial.FirstTarget;
                context.Out.WriteLine(context.Dim($"     [transfer: dial {target?["sipUri"] ?? target?["number"] ?? target?["name"]}]"));
                break;
            case CallEvent.Ended ended:
                context.Out.WriteLine(context.Dim($"     [call ended: {ended.How}]"));
                break;
        }
    }

    private static void Summary(CliContext context, CallRecord record, EngineCall? conversation)
    {
        var parts = new List<string>();
        if (conversation?.State is { } state)
        {
            parts.Add(state.IsEnded ? $"outcome {state.Outcome} · grade {state.Grade}" : $"conversation still at {state.Node}");
            foreach (var action in conversation.Actions)
            {
                var parameters = string.Join(", ", action.Parameters.Select(p => $"{p.Key}={p.Value}"));
                parts.Add(parameters.Length == 0 ? $"action {ChatSession.ActionName(action.Type)}" : $"action {ChatSession.ActionName(action.Type)}({parameters})");
            }
        }
        context.Out.WriteLine(context.Dim("  · " + string.Join(" · ", parts)));
        var latencies = record.Latencies.Select(l => l.Elapsed.TotalMilliseconds).Order().ToList();
        if (latencies.Count > 0)
        {
            var p50 = latencies[(latencies.Count - 1) / 2];
            context.Out.WriteLine(context.Dim(string.Create(CultureInfo.InvariantCulture,
                $"  · our processing: {latencies.Count} acks · median {p50:0.0} ms · max {latencies[^1]:0.0} ms · call length {record.Clock:m\\:ss} (virtual)")));
        }
        foreach (var violation in record.Violations)
        {
            context.Error.WriteLine("studio: protocol violation: " + violation);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<string> items, string option)
    {
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"{option} expects key=value, not '{item}'");
            }
            yield return new(item[..eq].Trim(), item[(eq + 1)..].Trim());
        }
    }
}

/// <summary>The parsed options of <c>studio call</c>.</summary>
public sealed record CallOptions(string File, IReadOnlyList<string> Member, IReadOnlyList<string> Arms, ulong Seed, double Confidence, string? Campaign);

/// <summary>The member on the phone: each typed line is what they say; /commands do the rest.</summary>
internal sealed class TerminalCaller(CliContext context, double confidence) : IEmulatedCaller
{
    public const string Prompt = "you> ";

    private static readonly (string Command, string Help)[] Commands =
    [
        ("/silence", "say nothing until the timeout"),
        ("/dtmf 1", "press keys"),
        ("/interrupt 是我", "talk over the prompt (barge-in, when allowed)"),
        ("/mumble 嗯", "speech the recogniser is unsure of"),
        ("/drop", "the line drops (no hang-up message)"),
        ("/hangup", "hang up (end of input and /quit too)"),
        ("/help", "this list"),
    ];

    public ValueTask<CallerAction> NextAsync(GatherRecord gather, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (context.Interactive)
            {
                context.Out.Write(Prompt);
                context.Out.Flush();
            }
            var line = context.In.ReadLine();
            if (line is null)
            {
                if (context.Interactive)
                {
                    context.Out.WriteLine();
                }
                return ValueTask.FromResult(CallerAction.HangUp());
            }
            if (!context.Interactive)
            {
                context.Out.WriteLine(Prompt + line);
            }
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }
            if (!text.StartsWith('/'))
            {
                return ValueTask.FromResult(CallerAction.Say(text, confidence));
            }
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var command = (space < 0 ? text : text[..space]).ToLowerInvariant();
            var argument = space < 0 ? "" : text[(space + 1)..].Trim();
            switch (command)
            {
                case "/silence":
                    return ValueTask.FromResult(CallerAction.Silence());
                case "/dtmf" when argument.Length > 0 && argument.All(c => char.IsAsciiDigit(c) || c is '*' or '#'):
                    return ValueTask.FromResult(CallerAction.Keys(argument));
                case "/interrupt" when argument.Length > 0:
                    return ValueTask.FromResult(CallerAction.Interrupt(argument, confidence));
                case "/mumble" when argument.Length > 0:
                    return ValueTask.FromResult(CallerAction.Mumble(argument));
                case "/drop":
                    return ValueTask.FromResult(CallerAction.Drop());
                case "/hangup" or "/quit" or "/exit":
                    return ValueTask.FromResult(CallerAction.HangUp());
                case "/help" or "/?":
                    foreach (var (name, help) in Commands)
                    {
                        context.Out.WriteLine(context.Dim($"  {name,-16} {help}"));
                    }
                    context.Out.WriteLine(context.Dim("  anything else is what the member says"));
                    break;
                default:
                    context.Out.WriteLine(context.Dim($"  {command}: unknown or incomplete command; /help lists the commands"));
                    break;
            }
        }
    }
}
