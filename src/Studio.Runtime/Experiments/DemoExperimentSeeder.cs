using System.Globalization;
using Studio.Core.Dialogs;
using Studio.Core.Experiments;
using StableHash = Studio.Core.Experiments.StableHash;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Simulation;
using Studio.Data.Outcomes;
using Studio.Data.Scripts;
using Studio.Data.TurnLog;

namespace Studio.Runtime.Experiments;

/// <summary>What a seeding run did.</summary>
public sealed record DemoSeedResult(bool Seeded, int Conversations, int Turns, int Events);

/// <summary>
/// Seeds a realistic finished experiment for the studio's review page: the dormant-member reactivation script
/// (<c>scripts-library/dormant-reactivation.json</c>, experiment <c>dormant-framing</c>) called 12,000 times over two
/// weeks of calling hours, on the real engine against simulated members, with a planted effect (the certain
/// 30-yuan coupon persuades more members than the chance red packet, which costs less). Turns go through
/// <see cref="ITurnLog"/>, WeCom adds and orders through <see cref="IOutcomeEventStore"/>. Seeding twice does nothing.
/// </summary>
public sealed class DemoExperimentSeeder(ITurnLog turns, IOutcomeEventStore outcomes, IScriptDraftStore drafts, TimeProvider? time = null)
{
    public const string MemberPrefix = "demo-dormant-";
    public const int DefaultCalls = 12_000;
    private const int CampaignDays = 14;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Seeds from a script file (the library's dormant-reactivation.json).</summary>
    public async Task<DemoSeedResult> SeedFromFileAsync(string scriptPath, int calls = DefaultCalls, CancellationToken cancellationToken = default)
    {
        var document = await File.ReadAllTextAsync(scriptPath, cancellationToken).ConfigureAwait(false);
        return await SeedAsync(document, calls, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DemoSeedResult> SeedAsync(string document, int calls = DefaultCalls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var read = ScriptJson.Read(document);
        if (read.Script is not { } script)
        {
            throw new ArgumentException("the demo script is not a readable script document: " + string.Join("; ", read.Diagnostics.Select(d => d.Message)), nameof(document));
        }
        if (!script.Nodes.OfType<SplitNode>().Any())
        {
            throw new ArgumentException($"the demo script '{script.Id}' has no A/B split to seed an experiment for", nameof(document));
        }

        // Seeded already? The last conversation is written last.
        var last = await turns.QueryAsync(new TurnQuery { Conversation = ConversationKey(calls - 1), Take = 1 }, cancellationToken).ConfigureAwait(false);
        if (last.Items.Count > 0)
        {
            return new DemoSeedResult(false, 0, 0, 0);
        }
        if (await drafts.GetAsync(script.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            await drafts.SaveAsync(script.Id, document, 0, "demo-seeder", cancellationToken).ConfigureAwait(false);
        }

        var compiled = CompiledScript.Compile(script);
        var bank = new PhraseBank().AddScript(compiled);
        var simulator = new PersonaSimulator(new DialogEngine(new KeywordRecognizer(), _time), bank);
        var firstDay = FirstCampaignDay();
        var perDay = (calls + CampaignDays - 1) / CampaignDays;
        var options = new SimulationOptions
        {
            Members = calls,
            Seed = 2026,
            MemberPrefix = MemberPrefix,
            // The red packet's "chance" framing persuades fewer members (the planted effect).
            AgreeBiasByArm = new Dictionary<string, double> { ["B"] = -0.12 },
            // 09:00–21:00 China time, evenly over two weeks.
            Schedule = i => firstDay.AddDays(i / perDay).AddSeconds(i % perDay * (12 * 3600.0 / perDay)),
        };

        var batch = new List<TurnRecord>(1000);
        var events = new List<OutcomeEvent>();
        int conversations = 0, turnCount = 0;
        foreach (var conversation in simulator.Run(compiled, options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!conversation.Reached)
            {
                continue;
            }
            conversations++;
            batch.AddRange(Records(conversation, compiled));
            events.AddRange(Outcomes(conversation));
            if (batch.Count >= 1000)
            {
                turnCount += batch.Count;
                await turns.AppendAsync([.. batch], cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        // Events first, then the last turns: the last conversation's turns mark a finished seeding.
        for (var i = 0; i < events.Count; i += 500)
        {
            await Task.WhenAll(events.Skip(i).Take(500).Select(e => outcomes.InsertAsync(e, cancellationToken))).ConfigureAwait(false);
        }
        turnCount += batch.Count;
        await turns.AppendAsync([.. batch], cancellationToken).ConfigureAwait(false);
        return new DemoSeedResult(true, conversations, turnCount, events.Count);
    }

    public static string ConversationKey(int index) => "voice:" + MemberPrefix + index.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>09:00 China time, 22 days ago: the campaign ran two weeks and every 7-day window has closed.</summary>
    private DateTimeOffset FirstCampaignDay()
    {
        var china = TimeSpan.FromHours(8);
        var today = _time.GetUtcNow().ToOffset(china).Date;
        return new DateTimeOffset(today.AddDays(-22).AddHours(9), china).ToUniversalTime();
    }

    /// <summary>One turn record per engine step, as the runtime logs them.</summary>
    private static IEnumerable<TurnRecord> Records(SimulatedConversation conversation, CompiledScript script)
    {
        var index = 0;
        foreach (var turn in conversation.Turns)
        {
            var state = turn.Result.State;
            var recognition = turn.Result.Recognition;
            yield return new TurnRecord
            {
                Time = turn.Time,
                Conversation = "voice:" + conversation.MemberId,
                Channel = Channel.Voice,
                MemberId = conversation.MemberId,
                ScriptId = script.Script.Id,
                Version = script.Version,
                Turn = index++,
                Node = state.Node,
                Experiment = state.Experiment,
                Arm = state.Arm,
                BotText = turn.Result.ReplyText,
                MemberText = turn.Input.Text,
                Intent = recognition?.Intent,
                Confidence = recognition?.Confidence,
                DecidedBy = recognition?.DecidedBy,
                LatencyMs = 8 + StableHash.Of(conversation.MemberId, index.ToString(CultureInfo.InvariantCulture)) % 40,
                Outcome = turn.Result.Ended ? state.Outcome : null,
                Grade = turn.Result.Ended && state.Grade is { } g ? g.ToString() : null,
            };
        }
    }

    /// <summary>
    /// What the CRM and SCRM report afterwards: most consenting members accept the WeCom request, some SMS
    /// receivers add by link, added members order more often than the rest.
    /// </summary>
    private static IEnumerable<OutcomeEvent> Outcomes(SimulatedConversation conversation)
    {
        var random = new Random((int)(StableHash.Of(2026UL, conversation.MemberId, 41) & 0x7FFFFFFF));
        var end = conversation.End;
        var added = false;
        if (conversation.Outcome == "wecom_add_consent" && random.NextDouble() < 0.82)
        {
            added = true;
            yield return Event(conversation, OutcomeTypes.WecomAddAccepted, end.AddMinutes(2 + random.NextDouble() * 120), null);
        }
        else if (conversation.Outcome == "sms_sent" && random.NextDouble() < 0.35)
        {
            added = true;
            yield return Event(conversation, OutcomeTypes.WecomAddAccepted, end.AddHours(1 + random.NextDouble() * 47), null);
        }
        var orderChance = added ? 0.2 : conversation.Outcome == "already_added" ? 0.08 : 0.015;
        if (random.NextDouble() < orderChance)
        {
            var amount = Math.Round((decimal)(129 + random.NextDouble() * 260 + (random.NextDouble() < 0.2 ? 300 : 0)), 2);
            yield return Event(conversation, OutcomeTypes.OrderPlaced, end.AddDays(0.5 + random.NextDouble() * 6), amount);
        }
    }

    private static OutcomeEvent Event(SimulatedConversation conversation, string type, DateTimeOffset time, decimal? amount) => new()
    {
        EventId = $"demo-{conversation.MemberId}-{type}",
        Type = type,
        MemberId = conversation.MemberId,
        Time = time,
        Amount = amount,
        Properties = { ["source"] = "demo-seeder" },
    };
}
