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

    // Per validator: whether it has asynchronous rules (found out the first time it refuses to run synchronously).
    private readonly bool[] _async;

    /// <summary>Creates the behaviour.</summary>
    /// <param name="validators">The validators of <typeparamref name="TMessage"/>.</param>
    public ValidationBehaviour(IEnumerable<IValidator<TMessage>> validators)
    {
        _validators = validators.ToArray();
        _async = new bool[_validators.Length];
    }

    /// <inheritdoc />
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        List<RequestProblem>? problems = null;
        for (var i = 0; i < _validators.Length; i++)
        {
            var result = await ValidateAsync(i, message, cancellationToken).ConfigureAwait(false);
            foreach (var error in result.Errors)
            {
                (problems ??= []).Add(new RequestProblem(error.PropertyName, error.ErrorMessage));
            }
        }

        if (problems is not null)
        {
            throw new RequestRefusedException(problems);
        }

        return await next(message, cancellationToken).ConfigureAwait(false);
    }

    // The use cases' validators have synchronous rules only, and FluentValidation runs those more cheaply through
    // Validate than through ValidateAsync. A validator with an asynchronous rule throws when Validate reaches that rule;
    // rules have no side effects, so it is then run again (and from then on) asynchronously, for the whole result.
    private async ValueTask<FluentValidation.Results.ValidationResult> ValidateAsync(int index, TMessage message, CancellationToken cancellationToken)
    {
        var validator = _validators[index];
        if (!Volatile.Read(ref _async[index]))
        {
            try
            {
                return validator.Validate(message);
            }
            catch (AsyncValidatorInvokedSynchronouslyException)
            {
                Volatile.Write(ref _async[index], true);
            }
        }

        return await validator.ValidateAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
