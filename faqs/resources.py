"""What the admin's import and export of FAQs read and write (see core.imports)."""

from core.imports import ContentResource

from .models import Question


class QuestionResource(ContentResource):
    class Meta:
        model = Question
        fields = ["slug", "category", "question", "level", "order", "is_published",
                  "short_answer", "answer", "sources", "related_questions",
                  "related_programs", "related_areas", "related_careers",
                  "last_verified"]  # fmt: skip
