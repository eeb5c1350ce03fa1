using FluentValidation;
using Mediator;
using Sodimo.Crm.Application.Common.Errors;

namespace Sodimo.Crm.Application.Common.Validation;

/// <summary>
/// Runs every FluentValidation validator of a message before anything else (before the ledger, before Twenty) and
/// refuses the message with all the problems found.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
public sealed class ValidationBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators;

    /// <summary>Creates the behaviour.</summary>
    /// <param name="validators">The validators of <typeparamref name="TMessage"/>.</param>
    public ValidationBehaviour(IEnumerable<IValidator<TMessage>> validators)
    {
        _validators = validators.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length > 0)
        {
            var problems = new List<RequestProblem>();
            foreach (var validator in _validators)
            {
                var result = await validator.ValidateAsync(message, cancellationToken).ConfigureAwait(false);
                problems.AddRange(result.Errors.Select(e => new RequestProblem(e.PropertyName, e.ErrorMessage)));
            }

            if (problems.Count > 0)
            {
                throw new RequestRefusedException(problems);
            }
        }

        return await next(message, cancellationToken).ConfigureAwait(false);
    }
}
