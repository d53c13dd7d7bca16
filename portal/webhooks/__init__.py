"""Event subscriptions (webhooks) for API clients: notifications, subscriptions, the delivery worker."""
