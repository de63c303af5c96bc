// Work-done progress cancellation: the client's cancel reaches the live progress with that token, and only it, until it ends.
using CodeNodeLsp.Protocol;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Protocol;

public class ProgressTests
{
    private static Connection NewConnection() => new(new MemoryStream(), new MemoryStream());

    [Fact]
    public void Cancel_reaches_the_progress_with_that_token_until_it_ends()
    {
        var connection = NewConnection();
        var first = WorkDoneProgress.FromToken(connection, new JValue("t-1"));
        var second = WorkDoneProgress.FromToken(connection, new JValue("t-2"));
        first.Begin("first", cancellable: true);
        second.Begin("second", cancellable: true);

        Assert.True(connection.Progress.Cancel(new JValue("t-1")));
        Assert.True(first.Cancellation.IsCancellationRequested);
        Assert.False(second.Cancellation.IsCancellationRequested);

        second.End();
        Assert.False(connection.Progress.Cancel(new JValue("t-2")));
        Assert.False(second.Cancellation.IsCancellationRequested);
    }

    [Fact]
    public void Number_and_string_tokens_are_told_apart_and_bad_tokens_are_ignored()
    {
        var connection = NewConnection();
        var numbered = WorkDoneProgress.FromToken(connection, new JValue(7));
        Assert.False(connection.Progress.Cancel(new JValue("7")));
        Assert.False(connection.Progress.Cancel(null));
        Assert.False(connection.Progress.Cancel(new JObject()));
        Assert.False(numbered.Cancellation.IsCancellationRequested);
        Assert.True(connection.Progress.Cancel(new JValue(7)));
        Assert.True(numbered.Cancellation.IsCancellationRequested);
    }

    [Fact]
    public void A_silent_progress_is_never_cancelled()
    {
        Assert.False(WorkDoneProgress.Silent.Cancellation.CanBeCanceled);
    }
}
