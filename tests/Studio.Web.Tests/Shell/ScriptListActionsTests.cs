using System.Text.Json;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Data.Scripts;
using Studio.Data.Versions;
using Studio.Web.Components.Pages.Scripts;

namespace Studio.Web.Tests.Shell;

public sealed class ScriptListActionsTests : IAsyncLifetime
{
    private readonly ShellComponentContext _ctx = new();
    private ScriptListActions _actions = default!;

    public Task InitializeAsync()
    {
        _actions = new ScriptListActions(_ctx.Drafts, _ctx.Versions, _ctx.Library);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private static (string Id, string Name) IdAndName(string document)
    {
        using var json = JsonDocument.Parse(document);
        return (json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task Creating_from_a_template_twice_gives_two_scripts_with_free_ids_and_the_template_content()
    {
        var first = await _actions.CreateFromTemplateAsync("double11-vip-notice", "双十一·金卡", "wang");
        var second = await _actions.CreateFromTemplateAsync("double11-vip-notice", null, "wang");
        Assert.Equal(("double11-vip-notice-2", "双十一·金卡"), IdAndName(first.Document));
        Assert.Equal(("double11-vip-notice-3", _ctx.Library.Find("double11-vip-notice")!.Name), IdAndName(second.Document));
        // Everything but id and name is the template's.
        var template = ScriptJson.Read(_ctx.Library.Find("double11-vip-notice")!.Document).Script!;
        var created = ScriptJson.Read(first.Document).Script!;
        Assert.Equal(template.Nodes.Select(n => n.Id), created.Nodes.Select(n => n.Id));
        Assert.Equal(("wang", 1, ScriptStatus.Draft), (first.CreatedBy, first.Revision, first.Status));
    }

    [Fact]
    public async Task An_unknown_template_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => _actions.CreateFromTemplateAsync("no-such-template", null, "wang"));
        Assert.Contains("no-such-template", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicating_copies_the_current_document_under_a_new_id()
    {
        var source = await _actions.CreateFromTemplateAsync("store-gift-pickup", "礼品领取", "wang");
        var copy = await _actions.DuplicateAsync(source.Id, " 副本", "li");
        Assert.Equal(("store-gift-pickup-2-copy-2", "礼品领取 副本"), IdAndName(copy.Document));
        Assert.Equal("li", copy.CreatedBy);
    }

    [Fact]
    public async Task The_list_filters_by_status_channel_and_text_and_shows_where_a_version_is_live()
    {
        var voice = await _actions.CreateFromTemplateAsync("dormant-reactivation", "沉默唤醒", "wang");
        var wecom = await _actions.CreateFromTemplateAsync("birthday-care-wecom", "生日关怀", "wang");
        var compiled = CompiledScript.Compile(ScriptJson.Read(voice.Document).Script!);
        await _ctx.Versions.AddAsync(new ScriptVersion { ScriptId = voice.Id, Version = compiled.Version, Document = voice.Document, PublishedBy = "wang", PublishedAt = DateTimeOffset.UtcNow.AddMinutes(1) }, null);
        await _ctx.Versions.ActivateAsync(voice.Id, compiled.Version, Channel.Voice, "wang");
        await _ctx.Drafts.SetStatusAsync(voice.Id, ScriptStatus.Published, compiled.Version);

        var live = Assert.Single(await _actions.ListAsync(null, null, ScriptListFilter.Live));
        Assert.Equal(voice.Id, live.Id);
        Assert.Equal(new LiveVersion(Channel.Voice, 1), Assert.Single(live.Live));
        Assert.False(live.HasUnpublishedChanges);
        Assert.Equal([wecom.Id], (await _actions.ListAsync(null, null, ScriptListFilter.Draft)).Select(r => r.Id));
        Assert.Equal([wecom.Id], (await _actions.ListAsync(null, Channel.Wecom, ScriptListFilter.All)).Select(r => r.Id));
        Assert.Equal([voice.Id], (await _actions.ListAsync("沉默", null, ScriptListFilter.All)).Select(r => r.Id));

        // A live script cannot be deleted; a draft can.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _actions.DeleteAsync(voice.Id, voice.Revision));
        Assert.True(await _actions.DeleteAsync(wecom.Id, wecom.Revision));
        Assert.Null(await _ctx.Drafts.GetAsync(wecom.Id));
    }

    [Fact]
    public async Task An_empty_file_is_refused_with_a_reason()
    {
        var result = await _actions.ImportAsync("  ", "wang");
        Assert.False(result.Succeeded);
        Assert.Equal(ScriptListActions.EmptyFileCode, Assert.Single(result.Diagnostics).Code);
    }
}
