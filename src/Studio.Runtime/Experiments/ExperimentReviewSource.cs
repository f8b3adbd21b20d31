using Studio.Core.Experiments;
using Studio.Core.Recognition;
using Studio.Data.Outcomes;
using Studio.Data.Privacy;
using Studio.Data.TurnLog;

namespace Studio.Runtime.Experiments;

/// <summary>
/// Builds the review input of an experiment from storage: pages through the turn log newest first (1,000 turns a
/// page) folding the script's turns into one summary per conversation, then through the outcome events of the experiment's time
/// span. Memory is one small record per conversation and per member, never per turn.
/// </summary>
public sealed class ExperimentReviewSource(ITurnLog turns, IOutcomeEventStore outcomes, PersonalDataProtector? protector = null, TimeProvider? time = null)
{
    private const int PageSize = 1000;

    /// <summary>Turns this close to the start or stop still belong to conversations that straddle it.</summary>
    private static readonly TimeSpan StartSlack = TimeSpan.FromHours(1);
    private readonly PersonalDataProtector _protector = protector ?? PersonalDataProtector.None;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<ExperimentReview> ReviewAsync(ExperimentDefinition experiment, ReviewOptions? options = null, CancellationToken cancellationToken = default) =>
        ExperimentReview.Compute(await BuildInputAsync(experiment, cancellationToken).ConfigureAwait(false), options);

    public async Task<ReviewInput> BuildInputAsync(ExperimentDefinition experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (experiment.ScriptId is null)
        {
            throw new ArgumentException($"experiment '{experiment.Name}' names no script to read the turn log of", nameof(experiment));
        }

        var conversations = new Dictionary<string, ConversationFold>(StringComparer.Ordinal);
        // Only the id cursor, no field filter: LiteDB then walks its _id index newest first and reads each page's
        // turns once. A ScriptId filter would make it collect and sort every turn of the script for every page
        // (measured: 40 s instead of about 1 s for the 12,000-call demo). Script and time are checked here instead,
        // and the walk stops at the experiment's start.
        var query = new TurnQuery { Take = PageSize };
        var done = false;
        while (!done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await turns.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                if (experiment.StartedAt is { } started && record.Time < started - StartSlack)
                {
                    done = true;
                    break;
                }
                if (record.ScriptId != experiment.ScriptId || (experiment.StoppedAt is { } stopped && record.Time >= stopped + StartSlack))
                {
                    continue;
                }
                if (!conversations.TryGetValue(record.Conversation, out var fold))
                {
                    conversations[record.Conversation] = fold = new ConversationFold(record.MemberId);
                }
                fold.Add(record, experiment.Name);
            }
            if (page.Next is null)
            {
                break;
            }
            query = query with { After = page.Next };
        }

        var exposures = new List<Exposure>();
        var contacts = new List<ContactSummary>();
        DateTimeOffset? first = null, last = null;
        foreach (var fold in conversations.Values)
        {
            if (fold.Arm is null || fold.ExposedAt < experiment.StartedAt || fold.ExposedAt >= experiment.StoppedAt)
            {
                continue; // the conversation never reached the experiment's split while it ran
            }
            exposures.Add(new Exposure(fold.MemberId, fold.Arm, fold.ExposedAt));
            contacts.Add(fold.Summary());
            first = first is null || fold.ExposedAt < first ? fold.ExposedAt : first;
            last = last is null || fold.ExposedAt > last ? fold.ExposedAt : last;
        }
        conversations.Clear();

        var observations = new List<OutcomeObservation>();
        if (first is not null)
        {
            var members = exposures.Select(e => e.MemberId).ToHashSet(StringComparer.Ordinal);
            var eventQuery = new OutcomeQuery { From = first, To = last!.Value + experiment.AttributionWindow + TimeSpan.FromSeconds(1), Take = PageSize };
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await outcomes.QueryAsync(eventQuery, cancellationToken).ConfigureAwait(false);
                foreach (var e in page.Items)
                {
                    // Turn logs carry pseudonyms; events carry the CRM's id (or a phone number): compare like with like.
                    var member = _protector.Pseudonym(e.MemberId);
                    if (members.Contains(member))
                    {
                        observations.Add(new OutcomeObservation(member, e.Type, e.Time, e.Amount));
                    }
                }
                if (page.Next is null)
                {
                    break;
                }
                eventQuery = eventQuery with { After = page.Next };
            }
        }
        return new ReviewInput(experiment, exposures, contacts, observations) { Now = _time.GetUtcNow() };
    }

    /// <summary>The turns of one conversation, folded as they come (newest first, in any order).</summary>
    private sealed class ConversationFold(string memberId)
    {
        public string MemberId { get; } = memberId;
        public string? Arm { get; private set; }
        public DateTimeOffset ExposedAt { get; private set; } = DateTimeOffset.MaxValue;
        private DateTimeOffset _start = DateTimeOffset.MaxValue;
        private DateTimeOffset _end = DateTimeOffset.MinValue;
        private bool _engaged;
        private bool _optOut;
        private bool _complaint;
        private string? _outcome;
        private string? _grade;

        public void Add(TurnRecord record, string experiment)
        {
            if (record.Time < _start)
            {
                _start = record.Time;
            }
            if (record.Time > _end)
            {
                _end = record.Time;
            }
            if (record.Experiment == experiment && record.Arm is not null && record.Time < ExposedAt)
            {
                Arm = record.Arm;
                ExposedAt = record.Time;
            }
            _engaged |= !string.IsNullOrEmpty(record.MemberText);
            _optOut |= record.Intent == SystemIntents.OptOut;
            _complaint |= record.Intent == SystemIntents.Complaint;
            if (record.Outcome is not null)
            {
                _outcome = record.Outcome;
                _grade = record.Grade;
            }
        }

        public ContactSummary Summary()
        {
            var seconds = (_end - _start).TotalSeconds;
            return new ContactSummary(MemberId, _start)
            {
                DurationSeconds = seconds,
                Reached = true, // a conversation is logged once the call is answered or the chat delivered
                Engaged = _engaged,
                Consent = _grade == "A" || (_outcome?.Contains("consent", StringComparison.OrdinalIgnoreCase) ?? false),
                OptOut = _optOut || _outcome == Studio.Core.Dialogs.Outcomes.OptOut,
                Complaint = _complaint || _outcome == "complaint",
                EarlyHangup = _outcome == Studio.Core.Dialogs.Outcomes.Hangup && seconds < 10,
                Outcome = _outcome,
                Grade = _grade is { Length: > 0 } g ? g[0] : null,
            };
        }
    }
}
