using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Outcomes;
using Studio.Data.Privacy;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.TurnLog;
using Studio.Data.Versions;
using Studio.Runtime.Experiments;
using Studio.Runtime.Tests.Publishing;

namespace Studio.Runtime.Tests.Experiments;

/// <summary>The storage adapter on a real LiteDB file: how turns and events become review input.</summary>
public sealed class ExperimentReviewSourceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _temp = new();
    private readonly PersonalDataProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private readonly LiteDbTurnLog _turns;
    private readonly LiteDbOutcomeEventStore _events;

    private static readonly ExperimentDefinition Framing = new("dormant-framing", [new ExperimentArm("A", 50), new ExperimentArm("B", 50)])
    {
        ScriptId = "dormant-reactivation",
    };

    public ExperimentReviewSourceTests()
    {
        _turns = new LiteDbTurnLog(_temp.Db, _protector);
        _events = new LiteDbOutcomeEventStore(_temp.Db);
    }

    public void Dispose() => _temp.Dispose();

    private static TurnRecord Turn(string conversation, string member, int turn, double seconds, string? arm, string? memberText = null, string? intent = null, string? outcome = null, string? grade = null, string script = "dormant-reactivation") => new()
    {
        Time = T0.AddSeconds(seconds),
        Conversation = conversation,
        Channel = Channel.Voice,
        MemberId = member,
        ScriptId = script,
        Version = "v1",
        Turn = turn,
        Experiment = arm is null ? null : "dormant-framing",
        Arm = arm,
        MemberText = memberText,
        Intent = intent,
        Outcome = outcome,
        Grade = grade,
    };

    [Fact]
    public async Task Turns_fold_into_one_contact_per_conversation_and_events_join_through_the_pseudonym()
    {
        await _turns.AppendAsync(
        [
            // A member known by phone number: the log keeps only a keyed hash.
            Turn("voice:c1", "13812345678", 0, 0, null),
            Turn("voice:c1", "13812345678", 1, 6, "B", "是我", "affirm"),
            Turn("voice:c1", "13812345678", 2, 40, "B", "可以加", "affirm", "wecom_add_consent", "A"),
            // Hung up 4 seconds in, before the split: never exposed.
            Turn("voice:c2", "m-2", 0, 100, null),
            Turn("voice:c2", "m-2", 1, 104, null, outcome: "hangup", grade: "E"),
            // Exposed, then complained and hung up within 10 seconds of the start.
            Turn("voice:c3", "m-3", 0, 200, null),
            Turn("voice:c3", "m-3", 1, 205, "A", "烦死了", "complaint"),
            Turn("voice:c3", "m-3", 2, 208, "A", outcome: "hangup", grade: "F"),
            // Another script's conversation is not this experiment's.
            Turn("voice:c4", "m-4", 0, 300, "A", script: "other-script"),
        ]);
        Assert.DoesNotContain("13812345678", (await _turns.QueryAsync(new TurnQuery())).Items.Select(t => t.MemberId));
        await _events.InsertAsync(new OutcomeEvent { EventId = "e1", Type = OutcomeTypes.WecomAddAccepted, MemberId = "138 1234 5678", Time = T0.AddMinutes(30) });
        await _events.InsertAsync(new OutcomeEvent { EventId = "e2", Type = OutcomeTypes.OrderPlaced, MemberId = "13812345678", Time = T0.AddDays(2), Amount = 299 });
        await _events.InsertAsync(new OutcomeEvent { EventId = "e3", Type = OutcomeTypes.OrderPlaced, MemberId = "m-9", Time = T0.AddDays(1), Amount = 99 });

        var input = await new ExperimentReviewSource(_turns, _events, _protector).BuildInputAsync(Framing);

        Assert.Equal(2, input.Exposures.Count);
        var phoneMember = _protector.Pseudonym("13812345678");
        Assert.Equal(new Exposure(phoneMember, "B", T0.AddSeconds(6)), input.Exposures.Single(e => e.Arm == "B"));
        var consent = input.Contacts.Single(c => c.MemberId == phoneMember);
        Assert.True(consent.Consent && consent.Engaged && consent.Reached);
        Assert.Equal(40, consent.DurationSeconds, 1e-6);
        Assert.False(consent.EarlyHangup);
        var complaint = input.Contacts.Single(c => c.MemberId == "m-3");
        Assert.True(complaint.Complaint && complaint.EarlyHangup);
        Assert.Equal(2, input.Outcomes.Count);
        Assert.All(input.Outcomes, o => Assert.Equal(phoneMember, o.MemberId));

        var review = ExperimentReview.Compute(input);
        Assert.Equal(new Funnel(1, 1, 1, 1, 1, 1), review.Arm("B")!.Funnel);
        Assert.Equal(299, review.Arm("B")!.Revenue, 1e-9);
        Assert.Equal(VerdictKind.InsufficientData, review.Verdict.Kind);
    }

    [Fact]
    public async Task Member_turns_count_by_intent_under_the_arm_the_conversation_was_exposed_to()
    {
        await _turns.AppendAsync(
        [
            // The answer before the split counts for the arm the conversation then entered.
            Turn("voice:a1", "m-1", 0, 0, null, "是我", "affirm"),
            Turn("voice:a1", "m-1", 1, 5, "A", "多少钱", "ask_price"),
            Turn("voice:a1", "m-1", 2, 9, "A", "好的", "affirm", "wecom_add_consent", "A"),
            Turn("voice:b1", "m-2", 0, 20, null, "喂", null),
            Turn("voice:b1", "m-2", 1, 25, "B", "不要", "deny", "declined", "D"),
            // Bot-only turns are not member turns; a conversation never exposed counts nowhere.
            Turn("voice:b2", "m-3", 0, 30, "B"),
            Turn("voice:x", "m-4", 0, 40, null, "好的", "affirm"),
        ]);

        var intents = (await new ExperimentReviewSource(_turns, _events).BuildInputAsync(Framing)).Intents;

        Assert.Equal(["A", "B"], intents.Arms);
        Assert.Equal(2, intents.Count("A", "affirm"));
        Assert.Equal(1, intents.Count("A", "ask_price"));
        Assert.Equal(3, intents.Total("A"));
        Assert.Equal(1, intents.Count("B", "deny"));
        Assert.Equal(1, intents.Count("B", "out_of_scope")); // said something, recognised nothing
        Assert.Equal(0.5, intents.Share("B", "deny"), 1e-9);
    }

    [Fact]
    public async Task The_drill_down_lists_an_arms_exposed_conversations_newest_first_filtered_by_outcome_and_paged()
    {
        // Logged in time order (the walk reads newest first and stops at the start): one before the start, then the run.
        var records = new List<TurnRecord> { Turn("voice:early", "m-e", 1, -7200, "A", outcome: "declined") };
        for (var i = 0; i < 5; i++)
        {
            records.Add(Turn($"voice:a{i}", $"m-a{i}", 0, i * 100, null));
            records.Add(Turn($"voice:a{i}", $"m-a{i}", 1, i * 100 + 30, "A", "好的", "affirm", i % 2 == 0 ? "wecom_add_consent" : "declined", i % 2 == 0 ? "A" : "D"));
        }
        records.Add(Turn("voice:b0", "m-b0", 1, 50, "B", "好的", "affirm", "wecom_add_consent", "A"));
        await _turns.AppendAsync(records);
        var source = new ExperimentReviewSource(_turns, _events);
        var experiment = Framing with { StartedAt = T0 };

        var all = await source.ArmConversationsAsync(experiment, new ArmConversationQuery("A") { PageSize = 2 });
        Assert.Equal(5, all.Total);
        Assert.Equal(["voice:a4", "voice:a3"], all.Items.Select(c => c.Key));
        var newest = all.Items[0];
        Assert.Equal(("m-a4", 2, "wecom_add_consent", "A", 30.0), (newest.MemberId, newest.Turns, newest.Outcome, newest.Grade, newest.DurationSeconds));
        Assert.Equal([new("wecom_add_consent", 3), new KeyValuePair<string, int>("declined", 2)], all.Outcomes);

        var declined = await source.ArmConversationsAsync(experiment, new ArmConversationQuery("A") { Outcome = "declined", Page = 0 });
        Assert.Equal(["voice:a3", "voice:a1"], declined.Items.Select(c => c.Key));
        Assert.Equal(2, declined.Matching);
        var lastPage = await source.ArmConversationsAsync(experiment, new ArmConversationQuery("A") { PageSize = 2, Page = 2 });
        Assert.Equal("voice:a0", Assert.Single(lastPage.Items).Key);
    }

    [Fact]
    public async Task The_experiments_start_and_stop_bound_what_is_read()
    {
        await _turns.AppendAsync(
        [
            Turn("voice:early", "m-1", 1, -7200, "A"),
            Turn("voice:in", "m-2", 1, 60, "B"),
            Turn("voice:late", "m-3", 1, 9 * 3600, "A"),
        ]);
        var input = await new ExperimentReviewSource(_turns, _events).BuildInputAsync(Framing with { StartedAt = T0, StoppedAt = T0.AddHours(8) });
        Assert.Equal("m-2", Assert.Single(input.Exposures).MemberId);
    }

    [Fact]
    public async Task The_catalog_lists_split_experiments_of_stored_scripts_with_configured_settings()
    {
        var drafts = new LiteDbScriptDraftStore(_temp.Db);
        await drafts.SaveAsync("dormant-reactivation", Library.Read("dormant-reactivation.json"), 0, "test");
        await drafts.SaveAsync("broken", "{ not json", 0, "test");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Experiments:dormant-framing:HoldoutPercent"] = "10",
            ["Experiments:dormant-framing:AttributionWindowDays"] = "3",
        }).Build();
        var catalog = new ExperimentCatalog(drafts, new LiteDbScriptVersionStore(_temp.Db), configuration);
        var experiment = Assert.Single(await catalog.ListAsync());
        Assert.Equal("dormant-framing", experiment.Name);
        Assert.Equal(10, experiment.HoldoutPercent);
        Assert.Equal(TimeSpan.FromDays(3), experiment.AttributionWindow);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Experiments:dormant-framing:HoldoutPercent"] = "ten" }).Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ExperimentCatalog(drafts, new LiteDbScriptVersionStore(_temp.Db), bad).ListAsync());
        Assert.Equal("configuration Experiments:dormant-framing:HoldoutPercent = 'ten' is not a valid value", error.Message);
    }
}
