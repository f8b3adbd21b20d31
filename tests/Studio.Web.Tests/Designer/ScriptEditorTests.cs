using Studio.Core.Scripts;
using Studio.Web.Components.Designer.Editing;

namespace Studio.Web.Tests.Designer;

public sealed class ScriptEditorTests
{
    private static string Json(ScriptEditor editor) => ScriptJson.Serialize(editor.Script);

    [Fact]
    public void Moving_a_node_changes_its_position_and_undo_puts_it_back()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var before = Json(editor);

        editor.MoveNode("offer", 320.4, 90.6);

        Assert.Equal(new CanvasPosition(320, 91), editor.Get("offer").Position);
        Assert.True(editor.Undo());
        Assert.Equal(before, Json(editor));
        Assert.True(editor.Redo());
        Assert.Equal(new CanvasPosition(320, 91), editor.Get("offer").Position);
    }

    [Fact]
    public void Connect_replaces_the_ports_target_and_undo_restores_the_old_one()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());

        editor.Connect("greet", "deny", "end_refused");
        Assert.Equal("end_refused", editor.Get("greet").Route("deny"));

        editor.Undo();
        Assert.Equal("end_wrong", editor.Get("greet").Route("deny"));
    }

    [Fact]
    public void Disconnect_opens_the_port_and_undo_restores_the_document_exactly()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var before = Json(editor);

        editor.Disconnect("greet", "affirm");
        Assert.Equal("", editor.Get("greet").Route("affirm"));
        editor.Disconnect("offer", "next");
        Assert.Null(editor.Get("offer").Route("next"));
        editor.Undo();

        editor.Undo();
        Assert.Equal(before, Json(editor));
    }

    [Fact]
    public void Connecting_to_a_missing_node_is_refused_with_its_name()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var error = Assert.Throws<ArgumentException>(() => editor.Connect("greet", "deny", "nowhere"));
        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
        Assert.False(editor.CanUndo);
    }

    [Fact]
    public void Deleting_a_node_removes_the_routes_into_it_and_undo_restores_both_in_place()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var before = Json(editor);

        editor.DeleteNodes(["end_wrong"]);

        Assert.Null(editor.Find("end_wrong"));
        // The ask still handles deny: its port stays, open; noMatch is a fixed port and simply loses its route.
        Assert.Equal("", editor.Get("greet").Route("deny"));
        Assert.Null(editor.Get("greet").Route("noMatch"));
        Assert.Equal("offer", editor.Get("greet").Route("affirm"));

        editor.Undo();
        Assert.Equal(before, Json(editor));
    }

    [Fact]
    public void Deleting_the_start_node_clears_start_and_undo_brings_it_back()
    {
        var script = DesignerScripts.ReadSmoke();
        script.Start = "greet";
        var editor = new ScriptEditor(script);

        editor.DeleteNodes(["greet"]);
        Assert.Null(editor.Script.Start);

        editor.Undo();
        Assert.Equal("greet", editor.Script.Start);
        Assert.Equal("greet", editor.Script.Nodes[0].Id);
    }

    [Fact]
    public void Added_nodes_get_fresh_ids_of_their_kind()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());

        var first = editor.AddNode("ask", 10, 20);
        var second = editor.AddNode("ask", 10, 20);

        Assert.StartsWith("ask_", first.Id, StringComparison.Ordinal);
        Assert.NotEqual(first.Id, second.Id);
        Assert.IsType<AskNode>(editor.Get(first.Id));
        editor.Undo();
        editor.Undo();
        Assert.Null(editor.Find(first.Id));
        Assert.Throws<ArgumentException>(() => editor.AddNode("shout", 0, 0));
    }

    [Fact]
    public void A_node_edit_undoes_exactly_and_redo_replays_it()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var before = Json(editor);

        editor.EditNode<AskNode>("greet", ask =>
        {
            ask.Message.Variations = ["您好,请问是张女士吗?", "您好,打扰了,是张女士吗?"];
            ask.NoMatch = new RetryPolicy { Retries = 2 };
        });
        var after = Json(editor);

        editor.Undo();
        Assert.Equal(before, Json(editor));
        editor.Redo();
        Assert.Equal(after, Json(editor));
        Assert.Equal(2, ((AskNode)editor.Get("greet")).NoMatch!.Retries);
    }

    [Fact]
    public void Editing_a_node_as_the_wrong_kind_says_what_it_is()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var error = Assert.Throws<ArgumentException>(() => editor.EditNode<SplitNode>("greet", _ => { }));
        Assert.Contains("ask node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renaming_a_node_follows_every_reference_and_refuses_duplicates()
    {
        var script = DesignerScripts.ReadSmoke();
        script.Start = "greet";
        var editor = new ScriptEditor(script);

        editor.RenameNode("end_optout", "bye");

        Assert.Equal("bye", editor.Script.GlobalIntents.Single(g => g.Intent == "opt_out").Then);
        editor.RenameNode("greet", "hello");
        Assert.Equal("hello", editor.Script.Start);
        Assert.Throws<ArgumentException>(() => editor.RenameNode("hello", "offer"));
        editor.Undo();
        Assert.Equal("greet", editor.Script.Start);
        Assert.NotNull(editor.Find("greet"));
    }

    [Fact]
    public void Script_level_edits_and_node_commands_interleave_through_undo()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var original = Json(editor);

        var added = editor.AddNode("say", 0, 0);
        editor.EditScript(s => s.Intents.Add(new IntentDefinition { Name = "ask_store", Examples = ["门店在哪"] }));
        editor.Connect(added.Id, "next", "end_ok");
        editor.MoveNode(added.Id, 50, 60);

        while (editor.Undo())
        {
        }
        Assert.Equal(original, Json(editor));
        while (editor.Redo())
        {
        }
        Assert.Equal("end_ok", editor.Get(added.Id).Route("next"));
        Assert.Equal("ask_store", editor.Script.Intents.Single().Name);
    }

    [Fact]
    public void A_new_command_clears_redo_and_history_is_bounded()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        editor.MoveNode("greet", 1, 1);
        editor.Undo();
        Assert.True(editor.CanRedo);
        editor.MoveNode("greet", 2, 2);
        Assert.False(editor.CanRedo);

        for (var i = 0; i < ScriptEditor.HistoryLimit + 20; i++)
        {
            editor.MoveNode("greet", i, i);
        }
        var undone = 0;
        while (editor.Undo())
        {
            undone++;
        }
        Assert.Equal(ScriptEditor.HistoryLimit, undone);
    }

    [Fact]
    public void Every_change_counts_and_is_announced()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var seen = new List<string>();
        editor.Changed += seen.Add;

        editor.MoveNode("greet", 5, 5);
        editor.Undo();
        editor.Redo();

        Assert.Equal(3, editor.ChangeCount);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Auto_layout_is_one_undo_step()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        editor.AutoLayout();
        Assert.All(editor.Script.Nodes, n => Assert.NotNull(n.Position));
        editor.Undo();
        Assert.All(editor.Script.Nodes, n => Assert.Null(n.Position));
    }
}
