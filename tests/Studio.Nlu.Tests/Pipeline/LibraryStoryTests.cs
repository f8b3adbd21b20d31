using Studio.Core.Testing.Stories;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Tests.Pipeline;

/// <summary>Every story of the scripts library passes with the real pipeline, not only with the keyword baseline.</summary>
public class LibraryStoryTests
{
    [Fact]
    public void Every_library_story_passes_with_the_pipeline()
    {
        var summary = StoryRunner.RunDirectory(RepoPaths.Library, new NluPipeline());
        Assert.True(summary.Results.Count >= 70, $"only {summary.Results.Count} stories found in {RepoPaths.Library}");
        var failures = summary.Results.Where(r => !r.Passed).Select(r => $"{r.File} › {r.Story}\n{r.Failure}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
