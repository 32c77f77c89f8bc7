"""Media: photos made safe to publish, share images, and the cache that keeps them between builds."""
