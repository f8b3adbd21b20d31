using Studio.Core.Testing.Scripts;
using Studio.Core.Testing.Stories;

namespace Studio.Core.Testing.Tests.Stories;

/// <summary>The scripts library is part of the product: every script lints clean and every story passes.</summary>
public class LibraryStoriesTests
{
    [Fact]
    public void Every_library_story_passes()
    {
        var summary = StoryRunner.RunDirectory(RepoPaths.Library);
        var failures = summary.Results.Where(r => !r.Passed).Select(r => $"{r.File} › {r.Story}: {r.Failure}");
        Assert.True(summary.Failed == 0, string.Join("\n\n", failures));
        Assert.True(summary.Passed >= 36, $"expected at least 36 library stories, found {summary.Passed}");
    }

    [Fact]
    public void Every_library_script_has_at_least_six_stories()
    {
        var summary = StoryRunner.RunDirectory(RepoPaths.Library);
        var perScript = summary.Results.GroupBy(r => r.File).ToDictionary(g => g.Key, g => g.Count());
        foreach (var script in Directory.EnumerateFiles(RepoPaths.Library, "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(script);
            Assert.True(perScript.GetValueOrDefault(name) >= 6, $"{name} has {perScript.GetValueOrDefault(name)} stories");
        }
    }

    [Fact]
    public void Every_library_script_is_free_of_validation_errors()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Library, "*.json").Select(f => ScriptFile.Load(f)).ToList();
        Assert.NotEmpty(files);
        var errors = files.SelectMany(f => f.Diagnostics.Where(d => d.IsError).Select(d => $"{Path.GetFileName(f.Path)}: {d}"));
        Assert.Empty(errors);
    }
}
