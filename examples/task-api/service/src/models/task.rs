use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: u64,
    pub title: String,
    pub done: bool,
}

/// Body of `POST /api/tasks`.
#[derive(Debug, Deserialize)]
pub struct NewTask {
    pub title: String,
}

/// The tasks, in memory: every task process has its own list, and a restart
/// empties it. Good enough for a demo; use a database for real data.
#[derive(Debug, Default)]
pub struct TaskStore {
    tasks: Mutex<Vec<Task>>,
}

impl TaskStore {
    /// Every task, oldest first.
    pub fn list(&self) -> Vec<Task> {
        self.lock().clone()
    }

    /// Adds an open task with the next id.
    pub fn create(&self, title: String) -> Task {
        let mut tasks = self.lock();
        let id = tasks.last().map_or(1, |last| last.id + 1);
        let task = Task {
            id,
            title,
            done: false,
        };
        tasks.push(task.clone());
        task
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Task>> {
        // The list stays consistent even if a holder panicked: every update is one push.
        self.tasks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_up_from_one() {
        let store = TaskStore::default();
        assert_eq!(store.create("a".into()).id, 1);
        assert_eq!(store.create("b".into()).id, 2);
        assert_eq!(
            store.list().iter().map(|t| t.id).collect::<Vec<_>>(),
            [1, 2]
        );
    }

    #[test]
    fn new_tasks_are_open() {
        let store = TaskStore::default();
        assert!(!store.create("a".into()).done);
    }
}
