using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using Studio.Data.Conversations;
using Studio.Data.Scripts;
using Studio.Data.Versions;
using Studio.Runtime.Publishing;

namespace Studio.Runtime.Tests.Publishing;

public sealed class ScriptPublisherTests : IDisposable
{
    private const string Dormant = "dormant-reactivation.json";
    private readonly PublishingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Theory]
    [MemberData(nameof(Library.Scripts), MemberType = typeof(Library))]
    public async Task A_library_script_publishes_and_becomes_active(string file)
    {
        var document = Library.Read(file);
        var read = ScriptJson.Read(document);
        var expectedWarnings = ScriptValidator.Validate(read.Script!, read.Lines).Where(d => !d.IsError).Select(d => d.Code).ToList();

        var result = await _f.Publisher.PublishAsync(document, "首发", "王运营");

        Assert.Equal(PublishStatus.Published, result.Status);
        Assert.Empty(result.Errors);
        var version = result.Version!;
        Assert.Equal(CompiledScript.ContentHash(read.Script!), version.Version);
        Assert.Equal(1, version.Number);
        Assert.Equal("首发", version.Note);
        Assert.Equal("王运营", version.PublishedBy);
        Assert.Equal(_f.Time.GetUtcNow(), version.PublishedAt);
        Assert.Equal(expectedWarnings, version.Warnings.Select(w => w.Code));

        var scriptId = read.Script!.Id;
        Assert.Equal(version.Version, (await _f.Versions.GetActiveAsync(scriptId))!.Version);
        var compiled = await _f.Resolver.GetActiveAsync(scriptId, read.Script.Channels[0]);
        Assert.Equal(version.Version, compiled!.Version);

        // Published from a file: the document becomes the draft, marked published.
        var draft = await _f.Drafts.GetAsync(scriptId);
        Assert.Equal(ScriptStatus.Published, draft!.Status);
        Assert.Equal(version.Version, draft.PublishedVersion);
    }

    [Fact]
    public async Task A_broken_script_is_refused_with_its_diagnostics_and_nothing_is_stored()
    {
        var broken = Library.Read(Dormant).Replace("\"next\": \"confirm_identity\"", "\"next\": \"confirm_identiy\"", StringComparison.Ordinal);
        Assert.NotEqual(Library.Read(Dormant), broken);

        var result = await _f.Publisher.PublishAsync(broken, "typo", "王运营");

        Assert.Equal(PublishStatus.Refused, result.Status);
        var error = Assert.Single(result.Errors, e => e.Code == DiagnosticCodes.DanglingRoute);
        Assert.Equal("intro", error.NodeId);
        Assert.NotNull(error.Line);
        Assert.Contains("confirm_identiy", error.Message);
        Assert.Empty(await _f.Versions.ListAsync("dormant-reactivation"));
        Assert.Null(await _f.Versions.GetActiveAsync("dormant-reactivation"));
        Assert.Null(await _f.Drafts.GetAsync("dormant-reactivation"));
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_a_located_diagnostic()
    {
        var result = await _f.Publisher.PublishAsync("{\n  \"id\": \"x\",\n  \"name\": \n}", null, "王运营");
        Assert.Equal(PublishStatus.Refused, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.MalformedJson, error.Code);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public async Task Publishing_a_draft_publishes_its_document_and_refuses_another_id()
    {
        Assert.Equal(PublishStatus.NotFound, (await _f.Publisher.PublishDraftAsync("dormant-reactivation", null, "a")).Status);

        await _f.Drafts.SaveAsync("dormant-reactivation", Library.Read(Dormant), 0, "李策划");
        var result = await _f.Publisher.PublishDraftAsync("dormant-reactivation", "from draft", "王运营");
        Assert.Equal(PublishStatus.Published, result.Status);
        var draft = await _f.Drafts.GetAsync("dormant-reactivation");
        Assert.Equal(ScriptStatus.Published, draft!.Status);
        Assert.Equal(1, draft.Revision);

        await _f.Drafts.SaveAsync("other-id", Library.Read(Dormant), 0, "李策划");
        var refused = await _f.Publisher.PublishDraftAsync("other-id", null, "王运营");
        Assert.Equal(PublishStatus.Refused, refused.Status);
        Assert.Equal(PublishCodes.IdMismatch, refused.Errors.First().Code);
    }

    [Fact]
    public async Task Publishing_the_same_content_again_reactivates_its_version()
    {
        var v1 = (await _f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a")).Version!;
        var v2 = (await _f.Publisher.PublishAsync(Changed(), "v2", "a")).Version!;
        var again = await _f.Publisher.PublishAsync(Library.Read(Dormant), "v1 again", "a");
        Assert.Equal(PublishStatus.Reactivated, again.Status);
        Assert.Equal(v1.Version, again.Version!.Version);
        Assert.Equal("v1", again.Version.Note);
        Assert.Equal(2, (await _f.Versions.ListAsync("dormant-reactivation")).Count);
        Assert.Equal(v1.Version, (await _f.Versions.GetActiveAsync("dormant-reactivation"))!.Version);
        Assert.NotEqual(v1.Version, v2.Version);
    }

    [Fact]
    public async Task Rollback_reactivates_an_earlier_version_by_number_or_hash()
    {
        var v1 = (await _f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "王运营")).Version!;
        _f.Time.Advance(TimeSpan.FromHours(2));
        var v2 = (await _f.Publisher.PublishAsync(Changed(), "v2", "王运营")).Version!;
        Assert.Equal(2, v2.Number);

        var versions = await _f.Publisher.ListVersionsAsync("dormant-reactivation");
        Assert.Equal([2, 1], versions.Select(v => v.Number));
        Assert.Equal(["all"], versions[0].ActiveOn);
        Assert.False(versions[1].IsActive);

        var rollback = await _f.Publisher.RollbackAsync("dormant-reactivation", "1", "李主管");
        Assert.Equal(RollbackStatus.Activated, rollback.Status);
        Assert.Equal(v2.Version, rollback.Activation!.Previous);
        Assert.Equal(v1.Version, (await _f.Versions.GetActiveAsync("dormant-reactivation"))!.Version);
        Assert.Equal(v1.Version, (await _f.Resolver.GetActiveAsync("dormant-reactivation", Channel.Voice))!.Version);
        versions = await _f.Publisher.ListVersionsAsync("dormant-reactivation");
        Assert.True(versions.Single(v => v.Number == 1).IsActive);
        Assert.False(versions.Single(v => v.Number == 2).IsActive);

        Assert.Equal(RollbackStatus.Activated, (await _f.Publisher.RollbackAsync("dormant-reactivation", v2.Version, "李主管")).Status);
        Assert.Equal(v2.Version, (await _f.Versions.GetActiveAsync("dormant-reactivation"))!.Version);
        Assert.Equal(RollbackStatus.VersionNotFound, (await _f.Publisher.RollbackAsync("dormant-reactivation", "7", "x")).Status);
        Assert.Equal(RollbackStatus.VersionNotFound, (await _f.Publisher.RollbackAsync("nothing", "1", "x")).Status);
    }

    [Fact]
    public async Task A_running_conversation_finishes_on_its_version_after_a_new_publish()
    {
        var engine = new DialogEngine(new KeywordRecognizer(), _f.Time);
        var conversations = new ConversationStore(new LiteDbKeyValueStore(_f.Db, _f.Time));
        var key = new ConversationKey(Channel.Voice, "call-0001");
        var member = new MemberProfile { Id = "m-1", Surname = "张", Title = "女士", Phone = "138****5678" };

        var v1 = (await _f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a")).Version!;
        var script = await _f.Resolver.GetActiveAsync("dormant-reactivation", Channel.Voice);
        var start = engine.Step(script!, null, TurnInput.Begin(new ConversationStart(member, Channel.Voice, Seed: 7)));
        Assert.Equal(v1.Version, start.State.Version);
        var etag = await conversations.SaveAsync(key, start.State, null);

        var v2 = (await _f.Publisher.PublishAsync(Changed(), "v2", "a")).Version!;
        Assert.Equal(v2.Version, (await _f.Versions.GetActiveAsync("dormant-reactivation"))!.Version);

        // The member answers after the publish: the conversation continues on v1.
        var stored = await conversations.GetAsync(key);
        Assert.Equal(etag, stored!.ETag);
        var running = await _f.Resolver.GetAsync(stored.State.ScriptId, stored.Version);
        Assert.Equal(v1.Version, running!.Version);
        var turn = engine.Step(running, stored.State, TurnInput.Say("是的"));
        Assert.Contains("回归福利", turn.ReplyText);
        Assert.DoesNotContain("回归礼包", turn.ReplyText);
        Assert.Equal(v1.Version, turn.State.Version);
        await conversations.SaveAsync(key, turn.State, etag);

        // A new conversation starts on v2.
        var fresh = await _f.Resolver.GetActiveAsync("dormant-reactivation", Channel.Voice);
        Assert.Equal(v2.Version, fresh!.Version);
        var second = engine.Step(fresh, null, TurnInput.Begin(new ConversationStart(member, Channel.Voice, Seed: 7)));
        var reply = engine.Step(fresh, second.State, TurnInput.Say("是的"));
        Assert.Contains("回归礼包", reply.ReplyText);
        Assert.Equal(v2.Version, reply.State.Version);
    }

    [Fact]
    public async Task The_resolver_caches_compiled_versions_and_does_not_remember_misses()
    {
        var v1 = (await _f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a")).Version!;
        var a = await _f.Resolver.GetAsync("dormant-reactivation", v1.Version);
        var b = await _f.Resolver.GetAsync("dormant-reactivation", v1.Version);
        Assert.Same(a, b);
        Assert.Null(await _f.Resolver.GetAsync("dormant-reactivation", "000000000000"));
        Assert.Equal(1, _f.Resolver.CachedCount);
        Assert.Null(await _f.Resolver.GetActiveAsync("nothing", Channel.Voice));
    }

    [Fact]
    public async Task The_trained_model_is_stored_with_the_version_and_attached_when_resolved()
    {
        using var f = new PublishingFixture(new BytesTrainer([9, 8, 7, 6]));
        var v1 = (await f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a")).Version!;
        Assert.Equal(4, v1.ModelBytes);
        Assert.Equal("key-dormant-reactivation", v1.ModelKey);
        Assert.Equal([9, 8, 7, 6], await f.Versions.GetModelAsync("dormant-reactivation", v1.Version));
        var compiled = await f.Resolver.GetAsync("dormant-reactivation", v1.Version);
        var model = compiled!.GetOrAddFeature<PublishedNluModel>(_ => throw new InvalidOperationException("no model attached"));
        Assert.Equal([9, 8, 7, 6], model.Bytes);
    }

    [Fact]
    public async Task A_training_failure_refuses_the_publish()
    {
        using var f = new PublishingFixture(new FailingTrainer());
        var result = await f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a");
        Assert.Equal(PublishStatus.Refused, result.Status);
        Assert.Equal(PublishCodes.TrainingFailed, result.Errors.First().Code);
        Assert.Empty(await f.Versions.ListAsync("dormant-reactivation"));
    }

    [Fact]
    public async Task The_real_nlu_model_is_trained_at_publish_and_loaded_not_retrained_by_the_runtime()
    {
        using var f = new PublishingFixture(new ScriptNluTrainer());
        var version = (await f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a")).Version!;
        Assert.True(version.ModelBytes > 1000, $"model of {version.ModelBytes} bytes");
        Assert.False(string.IsNullOrEmpty(version.ModelKey));

        // A fresh process: a new resolver and model store over the same database.
        var models = new Studio.Nlu.Pipeline.InMemoryModelStore();
        var resolver = new CompiledScriptResolver(f.Versions, models);
        var compiled = await resolver.GetActiveAsync("dormant-reactivation", Channel.Voice);
        Assert.Equal(1, models.Count);
        var nlu = Studio.Nlu.Pipeline.ScriptNlu.ForScript(compiled!, models);
        Assert.True(nlu.LoadedFromStore);
        Assert.Equal(version.ModelKey, nlu.Key);

        // The engine on the NLU pipeline recognises the script's own intent from an unseen phrasing.
        var pipeline = new Studio.Nlu.Pipeline.NluPipeline(store: models);
        var engine = new DialogEngine(pipeline, f.Time);
        var start = engine.Step(compiled!, null, TurnInput.Begin(new ConversationStart(new MemberProfile { Id = "m-1", Surname = "张", Title = "女士" }, Channel.Voice, Seed: 1)));
        var turn = engine.Step(compiled!, start.State, TurnInput.Say("对的是我"));
        Assert.Equal("affirm", turn.Recognition!.Intent);
        Assert.Equal(1, models.Count);
    }

    [Fact]
    public async Task A_caller_is_not_held_while_a_version_loads_and_every_caller_gets_the_same_prepared_version()
    {
        using var f = new PublishingFixture(new ScriptNluTrainer());
        var version = (await f.Publisher.PublishAsync(Library.Read(Dormant), "v1", "a")).Version!;
        // A store that reads synchronously and slowly (as LiteDB does under load): held until released.
        using var gate = new ManualResetEventSlim();
        var slow = new HeldVersionStore(f.Versions, gate);
        var models = new Studio.Nlu.Pipeline.InMemoryModelStore();
        var resolver = new CompiledScriptResolver(slow, models, nlu: new Studio.Nlu.Pipeline.NluPipeline(store: models));

        // Many first turns ask at once: none of them may be blocked by the load (grain turns hold threads).
        List<Task<CompiledScript?>> pending;
        try
        {
            pending = await Task.Run(() => Enumerable.Range(0, 16).Select(_ => resolver.GetAsync("dormant-reactivation", version.Version).AsTask()).ToList())
                .WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            gate.Set(); // a held caller (the failure) is let go, whatever happens
        }
        var compiled = await Task.WhenAll(pending);
        Assert.All(compiled, c => Assert.Same(compiled[0], c));
        Assert.Equal(1, slow.Reads);
        // The recogniser was prepared with the load: the published model is in the store before any turn.
        Assert.Equal(1, models.Count);
    }

    /// <summary>Delegates to the real store; version reads wait for the gate.</summary>
    private sealed class HeldVersionStore(IScriptVersionStore inner, ManualResetEventSlim gate) : IScriptVersionStore
    {
        private int _reads;

        public int Reads => _reads;

        public Task<ScriptVersion?> GetAsync(string scriptId, string version, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            gate.Wait(cancellationToken);
            return inner.GetAsync(scriptId, version, cancellationToken);
        }

        public Task<AddVersionResult> AddAsync(ScriptVersion version, byte[]? model, CancellationToken cancellationToken = default) => inner.AddAsync(version, model, cancellationToken);
        public Task<ScriptVersion?> FindAsync(string version, CancellationToken cancellationToken = default) => inner.FindAsync(version, cancellationToken);
        public Task<IReadOnlyList<ScriptVersion>> ListAsync(string scriptId, CancellationToken cancellationToken = default) => inner.ListAsync(scriptId, cancellationToken);
        public Task<byte[]?> GetModelAsync(string scriptId, string version, CancellationToken cancellationToken = default) => inner.GetModelAsync(scriptId, version, cancellationToken);
        public Task<ScriptActivation> ActivateAsync(string scriptId, string version, Channel? channel, string user, CancellationToken cancellationToken = default) =>
            inner.ActivateAsync(scriptId, version, channel, user, cancellationToken);
        public Task<ScriptActivation?> GetActiveAsync(string scriptId, Channel? channel = null, CancellationToken cancellationToken = default) => inner.GetActiveAsync(scriptId, channel, cancellationToken);
        public Task<IReadOnlyList<ScriptActivation>> GetActivationsAsync(string scriptId, CancellationToken cancellationToken = default) => inner.GetActivationsAsync(scriptId, cancellationToken);
        public Task<IReadOnlyList<ScriptActivation>> GetActivationHistoryAsync(string scriptId, CancellationToken cancellationToken = default) =>
            inner.GetActivationHistoryAsync(scriptId, cancellationToken);
    }

    /// <summary>The library script with its return gift renamed: a second, different version.</summary>
    private static string Changed() => Library.Read(Dormant).Replace("回归福利", "回归礼包", StringComparison.Ordinal);

    private sealed class BytesTrainer(byte[] bytes) : INluModelTrainer
    {
        public Task<NluModelArtifact?> TrainAsync(CompiledScript script, CancellationToken cancellationToken = default) =>
            Task.FromResult<NluModelArtifact?>(new NluModelArtifact(bytes, "key-" + script.Script.Id));
    }

    private sealed class FailingTrainer : INluModelTrainer
    {
        public Task<NluModelArtifact?> TrainAsync(CompiledScript script, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no examples for intent 'x'");
    }
}
